using System.Globalization;
using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// Reads one sheet's table into unit observations: finds the header, follows tier sections
/// and district groups, skips totals and notes, and validates every row on its own. Once the
/// header is known the reader keeps only the table's columns; problems past
/// <paramref name="maxProblems"/> are counted, not listed.
/// </summary>
public sealed class SheetTableParser(ReferenceData reference, int maxProblems = 1_000)
{
    private const decimal RateTolerance = 0.01m;

    private static readonly IReadOnlyDictionary<string, long> NoBreakdowns = System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty;

    /// <summary>Reads the sheet <paramref name="reader"/> stands on; <paramref name="rules"/> are the file's (scope, duplicates across sheets).</summary>
    public SheetResult Parse(SpreadsheetReader reader, Period? pathPeriod, FileRowRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sheet = reader.SheetName;
        var head = new List<(int Row, SheetRow Cells)>();
        while (head.Count < TableLayout.HeaderSearchRows && reader.ReadRow())
        {
            head.Add((reader.RowNumber, reader.CurrentRow()));
        }

        var layout = TableLayout.Detect([.. head.Select(h => h.Cells)], reference.Indicators, TitleText(head));
        if (layout is null)
        {
            return SheetResult.NoTable(sheet);
        }

        reader.KeepColumns(layout.UsedColumns);
        var state = new SheetState(sheet, layout, rules ?? FileRowRules.Unrestricted(), maxProblems);
        if (layout.Indicator is null && layout.IndicatorCodeColumn is null)
        {
            state.Problems.Add(new UploadProblem(sheet, head[layout.HeaderEndIndex].Row, null, ProblemCodes.NoTable,
                $"Sheet '{sheet}': không xác định được chỉ tiêu (thiếu cột số liệu hoặc cột 'Mã chỉ tiêu')."));
            return state.ToResult(null);
        }

        var period = pathPeriod;
        if (PeriodText.TryFind(TitleText(head.Take(layout.HeaderEndIndex + 1)), out var titlePeriod) || PeriodText.TryFind(sheet, out titlePeriod))
        {
            if (period is not null && period != titlePeriod)
            {
                state.Problems.Add(new UploadProblem(sheet, null, null, ProblemCodes.PeriodConflict,
                    $"Kỳ báo cáo trong tệp ({Format(titlePeriod)}) khác với thư mục tải lên ({Format(period.Value)})."));
                state.PeriodUnusable = true;
                return state.ToResult(period);
            }

            period = titlePeriod;
        }

        foreach (var (row, cells) in head.Skip(layout.HeaderEndIndex + 1))
        {
            ParseRow(state, row, i => cells[i], ref period);
            if (state.PeriodUnusable)
            {
                return state.ToResult(period);
            }
        }

        // One delegate for every row: a lambda written in the loop would be allocated per row.
        Func<int, SheetCell> current = i => reader[i];
        while (reader.ReadRow())
        {
            ParseRow(state, reader.RowNumber, current, ref period);
            if (state.PeriodUnusable)
            {
                return state.ToResult(period);
            }
        }

        return state.ToResult(period);
    }

    private void ParseRow(SheetState state, int row, Func<int, SheetCell> cell, ref Period? period)
    {
        var layout = state.Layout;
        var label = cell(layout.UnitColumn).Text;
        var hasNumbers = false;
        foreach (var column in state.NumberColumns)
        {
            hasNumbers |= !cell(column).IsEmpty;
        }

        if (label.Length == 0)
        {
            // Section labels sometimes sit in the first (STT) column.
            var first = cell(0).Text;
            if (!hasNumbers && RowLabel.SectionTier(first) is { } tierInFirst)
            {
                state.Section = tierInFirst;
                state.Group = null;
            }

            return;
        }

        if (IsSectionOrTotal(state, label))
        {
            return;
        }

        if (layout.PeriodColumn is { } periodColumn && PeriodOf(cell(periodColumn)) is { } rowPeriod)
        {
            if (period is { } known && known != rowPeriod)
            {
                state.Problems.Add(new UploadProblem(state.Sheet, row, ColumnName.Of(periodColumn), ProblemCodes.PeriodConflict,
                    $"Kỳ báo cáo của dòng ({Format(rowPeriod)}) khác với kỳ của tệp ({Format(known)})."));
                state.PeriodUnusable = true;
                return;
            }

            period = rowPeriod;
        }

        if (period is null)
        {
            state.Problems.Add(new UploadProblem(state.Sheet, row, null, ProblemCodes.PeriodMissing,
                "Không xác định được kỳ báo cáo: hãy tải lên thư mục uploads/yyyy-MM/ hoặc ghi 'Tháng m/yyyy' ở tiêu đề."));
            state.PeriodUnusable = true;
            return;
        }

        var directory = state.DirectoryFor(period.Value, reference.Units);
        var name = WrittenName.Parse(label);

        // In a commune section, a row naming a district opens that district's group; its figures are a subtotal.
        if (state.Section == Tier.Commune || (state.Section is null && !hasNumbers))
        {
            if (directory.Match(name, Tier.District) is UnitMatch.Found { Unit.Tier: Tier.District } district
                && directory.Match(name, Tier.Commune) is not UnitMatch.Found { Unit.Tier: Tier.Commune })
            {
                state.Group = district.Unit;
                return;
            }
        }

        if (!hasNumbers)
        {
            // A unit that left its figures blank did not report; other text rows are notes.
            return;
        }

        state.RowsRead++;
        var problemsBefore = state.Problems.Count;
        var observation = ReadObservation(state, row, cell, name, directory, period.Value);
        if (observation is null || state.Problems.Count > problemsBefore)
        {
            state.RowsRejected++;
            return;
        }

        state.Observations.Add(observation);
    }

    private UnitObservation? ReadObservation(SheetState state, int row, Func<int, SheetCell> cell, WrittenName name, UnitDirectory directory, Period period)
    {
        var layout = state.Layout;
        var indicator = layout.Indicator;
        if (layout.IndicatorCodeColumn is { } codeColumn && !cell(codeColumn).IsEmpty)
        {
            indicator = reference.Indicators.Find(cell(codeColumn).Text);
            if (indicator is null)
            {
                Add(state, row, codeColumn, ProblemCodes.UnknownIndicator, $"Mã chỉ tiêu '{cell(codeColumn).Text}' không có trong danh mục.");
                return null;
            }
        }

        if (indicator is null)
        {
            Add(state, row, layout.UnitColumn, ProblemCodes.UnknownIndicator, "Dòng không có mã chỉ tiêu.");
            return null;
        }

        var unit = ResolveUnit(state, row, cell, name, directory);
        if (unit is null)
        {
            return null;
        }

        var numerator = Count(state, row, cell, layout.NumeratorColumn);
        var denominator = Count(state, row, cell, layout.DenominatorColumn);
        // A unit with no documents has no rate; its "=C/B" rate cell shows #DIV/0!, which is right.
        var zeroDenominator = denominator.Value == 0 && layout.RateColumn is { } rc && cell(rc).Value is CellError { Code: "#DIV/0!" };
        var givenRate = zeroDenominator ? default : Rate(state, row, cell, layout.RateColumn);
        Dictionary<string, long>? breakdowns = null;
        foreach (var (breakdown, column) in state.BreakdownColumns)
        {
            if (Count(state, row, cell, column).Value is { } value)
            {
                (breakdowns ??= new Dictionary<string, long>(StringComparer.Ordinal))[breakdown] = value;
            }
        }

        if (numerator.Failed || denominator.Failed || givenRate.Failed)
        {
            return null;
        }

        decimal? rate;
        if (numerator.Value is { } n && denominator.Value is { } d)
        {
            if (n > d)
            {
                Add(state, row, layout.NumeratorColumn!.Value, ProblemCodes.NumeratorExceedsDenominator,
                    $"{indicator.Numerator.Name} ({n}) lớn hơn {indicator.Denominator.Name} ({d}).");
                return null;
            }

            rate = d == 0 ? null : 100m * n / d;
            if (rate is { } computed && givenRate.Value is { } stated && Math.Abs(computed - stated) > RateTolerance)
            {
                Add(state, row, layout.RateColumn!.Value, ProblemCodes.RateMismatch,
                    $"Tỷ lệ ghi {Display(stated)}% không khớp với số liệu ({n}/{d} = {Display(computed)}%).");
                return null;
            }
        }
        else if (givenRate.Value is { } onlyRate)
        {
            (numerator, denominator) = (default, default);
            rate = onlyRate;
        }
        else
        {
            var missing = numerator.Value is null ? layout.NumeratorColumn : layout.DenominatorColumn;
            Add(state, row, missing ?? layout.UnitColumn, ProblemCodes.NotANumber,
                "Thiếu số liệu: cần cả tử số và mẫu số, hoặc tỷ lệ.");
            return null;
        }

        if (!state.Rules.Allows(unit, period, directory))
        {
            Add(state, row, layout.UnitColumn, ProblemCodes.UnitNotAllowed,
                $"Thư mục '{state.Rules.Folder}' không được báo cáo số liệu của đơn vị '{unit.FullName}'; đơn vị đó tự tải lên trong thư mục của mình.");
            return null;
        }

        if (!state.Rules.TryClaim(indicator.Code, unit.Code, state.Sheet, row, out var first))
        {
            Add(state, row, layout.UnitColumn, ProblemCodes.DuplicateUnit, first.Sheet == state.Sheet
                ? $"Đơn vị '{unit.FullName}' xuất hiện nhiều lần trong sheet (đã có ở dòng {first.Row}); chỉ lấy dòng đầu tiên."
                : $"Đơn vị '{unit.FullName}' đã có số liệu chỉ tiêu này ở sheet '{first.Sheet}' dòng {first.Row}; chỉ lấy dòng đầu tiên.");
            return null;
        }

        var parent = unit.ParentCode is null ? null : directory.FindByCode(unit.ParentCode);
        return new UnitObservation(period, indicator.Code, unit.Code, unit.FullName, unit.Tier, parent?.Code,
            numerator.Value, denominator.Value, rate, breakdowns ?? NoBreakdowns, state.Sheet, row);
    }

    private static Unit? ResolveUnit(SheetState state, int row, Func<int, SheetCell> cell, WrittenName name, UnitDirectory directory)
    {
        var layout = state.Layout;
        if (layout.UnitCodeColumn is { } codeColumn && !cell(codeColumn).IsEmpty)
        {
            var byCode = directory.FindByCode(cell(codeColumn).Text);
            if (byCode is not null)
            {
                return byCode;
            }
        }

        var parent = state.Group;
        if (layout.ParentColumn is { } parentColumn && !cell(parentColumn).IsEmpty)
        {
            parent = directory.Match(cell(parentColumn).Text, Tier.District) is UnitMatch.Found found ? found.Unit : parent;
        }

        var label = name.Text;
        switch (directory.Match(name, state.Section, parent))
        {
            case UnitMatch.Found found:
                return found.Unit;
            case UnitMatch.Ambiguous ambiguous:
                Add(state, row, layout.UnitColumn, ProblemCodes.AmbiguousUnit,
                    $"Tên '{label}' trùng với nhiều đơn vị ({string.Join("; ", ambiguous.Candidates.Select(DescribeWithParent(directory)))}); hãy ghi rõ đơn vị cấp trên.");
                return null;
            case UnitMatch.NotFound notFound:
                Add(state, row, layout.UnitColumn, ProblemCodes.UnknownUnit,
                    $"Không tìm thấy đơn vị '{label}' trong danh mục. Tên gần nhất: {string.Join("; ", notFound.Suggestions)}.");
                return null;
            default:
                return null;
        }
    }

    private static Func<Unit, string> DescribeWithParent(UnitDirectory directory) =>
        unit => directory.FindByCode(unit.ParentCode) is { } parent ? $"{unit.FullName} – {parent.FullName}" : unit.FullName;

    private static (long? Value, bool Failed) Count(SheetState state, int row, Func<int, SheetCell> cell, int? column)
    {
        if (column is not { } c || cell(c) is not { IsEmpty: false } content)
        {
            return (null, false);
        }

        if (content.Value is CellError countError)
        {
            Add(state, row, c, ProblemCodes.NotANumber, $"Ô có lỗi công thức {countError.Code}, không phải là số.");
            return (null, true);
        }

        if (!NumberParser.TryParseCount(content.Value, out var value))
        {
            Add(state, row, c, ProblemCodes.NotANumber, $"Giá trị '{content.Text}' không phải là số nguyên.");
            return (null, true);
        }

        if (value < 0)
        {
            Add(state, row, c, ProblemCodes.NegativeValue, $"Giá trị âm ({value}) không hợp lệ.");
            return (null, true);
        }

        return (value, false);
    }

    private static (decimal? Value, bool Failed) Rate(SheetState state, int row, Func<int, SheetCell> cell, int? column)
    {
        if (column is not { } c || cell(c) is not { IsEmpty: false } content)
        {
            return (null, false);
        }

        if (content.Value is CellError rateError)
        {
            Add(state, row, c, ProblemCodes.NotANumber, $"Ô tỷ lệ có lỗi công thức {rateError.Code}, không phải là số.");
            return (null, true);
        }

        if (!NumberParser.TryParseRate(content.Value, content.NumberFormat, out var value))
        {
            Add(state, row, c, ProblemCodes.NotANumber, $"Tỷ lệ '{content.Text}' không phải là số.");
            return (null, true);
        }

        if (value is < 0 or > 100)
        {
            Add(state, row, c, ProblemCodes.RateOutOfRange, $"Tỷ lệ {Display(value)}% nằm ngoài khoảng 0–100%.");
            return (null, true);
        }

        return (value, false);
    }

    /// <summary>Section rows set the tier of the rows below and end any district group; totals are skipped.</summary>
    private static bool IsSectionOrTotal(SheetState state, string label)
    {
        var buffer = label.Length <= 256 ? stackalloc char[label.Length] : new char[label.Length];
        var normalized = buffer[..HeaderText.Normalize(label, buffer)];
        if (RowLabel.SectionTierOfNormalized(normalized) is { } tier)
        {
            state.Section = tier;
            state.Group = null;
            return true;
        }

        return RowLabel.IsTotalNormalized(normalized);
    }

    private static void Add(SheetState state, int row, int column, string code, string message) =>
        state.Problems.Add(new UploadProblem(state.Sheet, row, ColumnName.Of(column), code, message));

    private static IEnumerable<int> NumberColumnsOf(TableLayout layout)
    {
        if (layout.NumeratorColumn is { } n)
        {
            yield return n;
        }

        if (layout.DenominatorColumn is { } d)
        {
            yield return d;
        }

        if (layout.RateColumn is { } r)
        {
            yield return r;
        }

        foreach (var b in layout.BreakdownColumns.Values)
        {
            yield return b;
        }
    }

    private static string? TitleText(IEnumerable<(int Row, SheetRow Cells)> rows)
    {
        var text = string.Join(' ', rows.SelectMany(r => Enumerable.Range(0, r.Cells.Count).Select(r.Cells.CellAt)).Where(c => c.Value is string).Select(c => c.Text));
        return text.Length == 0 ? null : text;
    }

    private static Period? PeriodOf(SheetCell cell) => cell.Value switch
    {
        DateTime date => Period.FromDate(DateOnly.FromDateTime(date)),
        _ when PeriodText.TryFind(cell.Text, out var period) => period,
        _ => null,
    };

    private static string Format(Period period) => $"{period.Month}/{period.Year}";

    private static string Display(decimal value) => value.ToString("0.##", CultureInfo.GetCultureInfo("vi-VN"));

    private sealed class SheetState(string sheet, TableLayout layout, FileRowRules rules, int maxProblems)
    {
        public string Sheet { get; } = sheet;

        public TableLayout Layout { get; } = layout;

        public int[] NumberColumns { get; } = [.. NumberColumnsOf(layout)];

        /// <summary>The layout's breakdown columns as an array: walked on every row without an enumerator.</summary>
        public KeyValuePair<string, int>[] BreakdownColumns { get; } = [.. layout.BreakdownColumns];

        public List<UnitObservation> Observations { get; } = [];

        public ProblemList Problems { get; } = new(maxProblems);

        public FileRowRules Rules { get; } = rules;

        public Tier? Section { get; set; }

        public Unit? Group { get; set; }

        public int RowsRead { get; set; }

        public int RowsRejected { get; set; }

        /// <summary>The sheet's period is missing or contradicts itself: nothing more of the sheet can be read.</summary>
        public bool PeriodUnusable { get; set; }

        private UnitDirectory? _directory;

        /// <summary>The registry of <paramref name="period"/>, asked of the shared registry (a lock) only when the period changes.</summary>
        public UnitDirectory DirectoryFor(Period period, UnitRegistry units)
        {
            if (_directory is not { } known || known.Period != period)
            {
                _directory = known = units.For(period);
            }

            return known;
        }

        public SheetResult ToResult(Period? period) =>
            new(Sheet, true, period, Observations, Problems.Listed, RowsRead, RowsRejected, PeriodUnusable) { ProblemCount = Problems.Count };
    }
}

/// <summary>What one sheet yielded.</summary>
public sealed record SheetResult(
    string Sheet,
    bool HasTable,
    Period? Period,
    IReadOnlyList<UnitObservation> Observations,
    IReadOnlyList<UploadProblem> Problems,
    int RowsRead,
    int RowsRejected,
    bool FileLevelFailure)
{
    private readonly int? _problemCount;

    /// <summary>Every problem of the sheet; <see cref="Problems"/> lists the first of them.</summary>
    public int ProblemCount
    {
        get => Math.Max(_problemCount ?? 0, Problems.Count);
        init => _problemCount = value;
    }

    public static SheetResult NoTable(string sheet) => new(sheet, false, null, [], [], 0, 0, false);
}
