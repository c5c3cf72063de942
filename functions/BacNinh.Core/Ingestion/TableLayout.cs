using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Ingestion;

/// <summary>Where a sheet's table is: its header rows and the column of each field (0-based).</summary>
public sealed record TableLayout(
    int HeaderEndIndex,
    Indicator? Indicator,
    int UnitColumn,
    int? UnitCodeColumn,
    int? ParentColumn,
    int? RateColumn,
    int? IndicatorCodeColumn,
    int? PeriodColumn,
    int? NumeratorColumn,
    int? DenominatorColumn,
    IReadOnlyDictionary<string, int> BreakdownColumns)
{
    /// <summary>Header rows may sit anywhere in the first rows, below titles.</summary>
    public const int HeaderSearchRows = 15;

    /// <summary>The columns the table reads (and the first, where section labels sometimes sit): all a row needs to keep.</summary>
    public IReadOnlyCollection<int> UsedColumns =>
    [
        .. new int?[] { 0, UnitColumn, UnitCodeColumn, ParentColumn, RateColumn, IndicatorCodeColumn, PeriodColumn, NumeratorColumn, DenominatorColumn }
            .OfType<int>().Concat(BreakdownColumns.Values).Distinct().Order(),
    ];

    /// <summary>
    /// Finds the header among the first rows. A header may span two rows (merged group cells
    /// above their sub-columns); then each column is named by the lower cell, the upper one,
    /// or both together.
    /// </summary>
    public static TableLayout? Detect(IReadOnlyList<SheetRow> rows, IndicatorCatalog catalog, string? titleText)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(catalog);
        TableLayout? best = null;
        var bestScore = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var single = HeaderCandidates(rows[r], null);
            var layout = Build(single, r, catalog, titleText);
            var score = Score(layout);
            if (r + 1 < rows.Count)
            {
                var doubled = HeaderCandidates(rows[r], rows[r + 1]);
                var twoRow = Build(doubled, r + 1, catalog, titleText);
                if (Score(twoRow) > score)
                {
                    layout = twoRow;
                    score = Score(twoRow);
                }
            }

            if (score > bestScore)
            {
                best = layout;
                bestScore = score;
            }
        }

        return best;
    }

    private static int Score(TableLayout? layout)
    {
        if (layout is null)
        {
            return 0;
        }

        var score = 1;
        score += layout.NumeratorColumn is null ? 0 : 2;
        score += layout.DenominatorColumn is null ? 0 : 2;
        score += layout.RateColumn is null ? 0 : 1;
        score += layout.BreakdownColumns.Count;
        score += layout.UnitCodeColumn is null ? 0 : 1;
        score += layout.ParentColumn is null ? 0 : 1;
        return score;
    }

    /// <summary>The names of each column that has a cell in either row, in column order (rows are sparse: blank columns are left out).</summary>
    private static List<(int Column, string[] Names)> HeaderCandidates(SheetRow top, SheetRow? bottom)
    {
        var result = new List<(int, string[])>(Math.Max(top.Count, bottom?.Count ?? 0));
        var carried = string.Empty;
        foreach (var c in ColumnsOf(top, bottom))
        {
            var upper = HeaderText.Normalize(top[c].Text);
            if (bottom is null)
            {
                if (upper.Length > 0)
                {
                    result.Add((c, [upper]));
                }

                continue;
            }

            var lower = HeaderText.Normalize(bottom[c].Text);

            // A merged group cell holds its text in its first column only: carry it right
            // over the sub-columns below it.
            if (upper.Length > 0)
            {
                carried = upper;
            }
            else if (lower.Length > 0)
            {
                upper = carried;
            }

            var names = new List<string>();
            if (lower.Length > 0)
            {
                names.Add(lower);
                if (upper.Length > 0)
                {
                    names.Add(upper + " " + lower);

                    // "Tổng số" under a group is the group's own total: "Hồ sơ trực tuyến" over
                    // "Tổng số | Toàn trình | Một phần" names the numerator by its first sub-column.
                    if (GroupTotalWords.Contains(lower))
                    {
                        names.Add(upper);
                    }
                }
            }
            else if (upper.Length > 0)
            {
                names.Add(upper);
            }

            if (names.Count > 0)
            {
                result.Add((c, [.. names]));
            }
        }

        return result;
    }

    /// <summary>The columns holding a cell in either row, ascending.</summary>
    private static IEnumerable<int> ColumnsOf(SheetRow top, SheetRow? bottom)
    {
        int i = 0, j = 0;
        var other = bottom ?? SheetRow.Empty;
        while (i < top.Count || j < other.Count)
        {
            var a = i < top.Count ? top.ColumnAt(i) : int.MaxValue;
            var b = j < other.Count ? other.ColumnAt(j) : int.MaxValue;
            var next = Math.Min(a, b);
            i += a == next ? 1 : 0;
            j += b == next ? 1 : 0;
            yield return next;
        }
    }

    private static TableLayout? Build(List<(int Column, string[] Names)> headers, int headerEnd, IndicatorCatalog catalog, string? titleText)
    {
        var columns = catalog.Columns;
        var unit = Find(headers, columns.Unit);
        if (unit is null)
        {
            return null;
        }

        var rate = Find(headers, columns.Rate, allowPrefix: true);
        var indicatorCode = Find(headers, columns.IndicatorCode);
        Indicator? chosen = null;
        int? numerator = null, denominator = null;
        var bestMatched = 0;
        foreach (var indicator in catalog.Indicators)
        {
            var n = Find(headers, indicator.Numerator);
            var d = Find(headers, indicator.Denominator);
            var matched = (n is null ? 0 : 1) + (d is null ? 0 : 1);
            if (matched > bestMatched)
            {
                (chosen, numerator, denominator, bestMatched) = (indicator, n, d, matched);
            }
        }

        if (chosen is null && titleText is not null)
        {
            var title = HeaderText.Normalize(titleText);
            chosen = catalog.Indicators.FirstOrDefault(i =>
                title.Contains(HeaderText.Normalize(i.Name), StringComparison.Ordinal)
                || title.Contains(HeaderText.Normalize(i.Code), StringComparison.Ordinal));
        }

        if (numerator is null && denominator is null && rate is null)
        {
            return null;
        }

        var breakdowns = new Dictionary<string, int>(StringComparer.Ordinal);
        if (chosen is not null)
        {
            foreach (var spec in chosen.Breakdowns)
            {
                if (Find(headers, spec) is { } column)
                {
                    breakdowns[spec.Key] = column;
                }
            }
        }

        return new TableLayout(
            headerEnd, chosen, unit.Value, Find(headers, columns.UnitCode), Find(headers, columns.Parent),
            rate, indicatorCode, Find(headers, columns.Period), numerator, denominator, breakdowns);
    }

    private static readonly HashSet<string> GroupTotalWords = new(StringComparer.Ordinal) { "tong so", "tong", "tong cong", "cong", "so luong" };

    private static int? Find(List<(int Column, string[] Names)> headers, ColumnSpec spec, bool allowPrefix = false)
    {
        var synonyms = spec.Synonyms.Select(HeaderText.Normalize).ToHashSet(StringComparer.Ordinal);
        foreach (var (column, names) in headers)
        {
            if (names.Any(synonyms.Contains))
            {
                return column;
            }
        }

        if (allowPrefix)
        {
            // "Tỷ lệ văn bản ký số (%)" is still the rate column.
            foreach (var (column, names) in headers)
            {
                if (names.Any(h => synonyms.Any(s => h.StartsWith(s + " ", StringComparison.Ordinal))))
                {
                    return column;
                }
            }
        }

        return null;
    }
}
