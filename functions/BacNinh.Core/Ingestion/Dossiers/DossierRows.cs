using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Validates the rows of one export below its header, one at a time: each problem is a coded row
/// problem (§2b) and never stops the file. The receiving unit is matched as in §2 in the registry
/// of the month received, and checked against the uploader's scope (§3a); a file without a unit
/// column is the uploader's own unit's.
/// </summary>
internal sealed class DossierRows(ReferenceData reference, string folder, DossierHeader header, string sheet, int maxProblems, Period currentPeriod)
{
    /// <summary>Distinct unit labels remembered per file: an export names a few hundred units, a hostile one cannot grow this.</summary>
    private const int MaxRememberedLabels = 4_096;

    private readonly ProblemList _problems = new(maxProblems);
    private readonly DossierIdSet _ids = new();
    private readonly FileRowRules _rules = new(folder, reference.Uploaders);
    // Unit labels already matched, per month received; looked up by the label's text, so a row's label becomes a string only the first time.
    private readonly Dictionary<Period, Dictionary<string, Unit?>> _units = [];
    private int _rememberedLabels;
    private Dictionary<string, Unit?>? _labels;
    private Period _labelsPeriod;

    // A channel or yes/no column holds a few distinct texts: each is normalized once.
    private readonly TextClassMemo<DossierChannel?> _channels = new(DossierChannels.Parse);
    private readonly TextClassMemo<bool> _yes = new(IsYes);
    private Period _lastPeriod;
    private readonly DossierDays _days = new();
    private MonthOfDate _months;

    // A CSV's fields are read from its reader directly: seven fields a row, each one call the compiler can inline.
    private CsvSpreadsheetReader? _csv;

    // The registry of the last month received: an export's rows are mostly of a few months, the shared registry is asked (a lock) only on a change.
    private UnitDirectory? _directory;
    private readonly HashSet<Period> _periods = [];
    private int _rowsRead;
    private int _rowsRejected;

    public DossierExport Read(SpreadsheetReader reader, Action<DossierRecord> sink)
    {
        _csv = reader.CellSource as CsvSpreadsheetReader;
        while (reader.ReadRow())
        {
            var row = reader.RowNumber;
            var id = Id(reader, out var idText);
            if (id.IsEmpty && IsBlank(reader))
            {
                continue;
            }

            _rowsRead++;
            if (Validate(reader, row, id, idText) is { } record)
            {
                sink(record);
            }
            else
            {
                _rowsRejected++;
            }
        }

        return new DossierExport(sheet, _rowsRead, _rowsRejected, _problems.Listed, _problems.Count,
            header.ChannelColumn is not null, header.DigitizedColumn is not null, _periods);
    }

    private bool IsBlank(SpreadsheetReader reader)
    {
        foreach (var column in header.UsedColumns)
        {
            if (TryGetText(reader, column, out var text) ? !text.IsWhiteSpace() : !reader[column].IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The row's id, trimmed: a CSV id is read from the parser's buffer, so only an accepted dossier's id becomes a string.</summary>
    private ReadOnlySpan<char> Id(SpreadsheetReader reader, out string? idText)
    {
        if (TryGetText(reader, header.IdColumn, out var id))
        {
            idText = null;
            return id.Trim();
        }

        return idText = reader[header.IdColumn].Text;
    }

    private DossierRecord? Validate(SpreadsheetReader reader, int row, ReadOnlySpan<char> id, string? idText)
    {
        if (id.IsEmpty)
        {
            return Reject(row, header.IdColumn, ProblemCodes.MissingDossierId, "Dòng không có mã hồ sơ.");
        }

        // Where the id would be in the table of ids met is fetched from memory while the row's other fields are read;
        // their problems are still reported in the order of the checks, the duplicate first.
        var key = _ids.Prepare(id);
        var receivedRead = TryDate(reader, header.ReceivedColumn, out var receivedOrNull);
        DateTime? due = null, resolved = null;
        var dueRead = header.DueColumn is not { } dueColumn || TryDate(reader, dueColumn, out due);
        var resolvedRead = header.ResolvedColumn is not { } resolvedColumn || TryDate(reader, resolvedColumn, out resolved);
        var channel = header.ChannelColumn is { } channelColumn ? _channels.Classify(Text(reader, channelColumn)) : DossierChannel.NotGiven;
        if (!_ids.Add(key))
        {
            return Reject(row, header.IdColumn, ProblemCodes.DuplicateDossier,
                $"Hồ sơ '{Clip(idText ?? id.ToString())}' xuất hiện nhiều lần trong tệp; chỉ lấy dòng đầu tiên.");
        }

        if (!receivedRead)
        {
            return RejectDate(reader, row, header.ReceivedColumn, "tiếp nhận");
        }

        if (receivedOrNull is not { } received)
        {
            return Reject(row, header.ReceivedColumn, ProblemCodes.InvalidDate, $"Hồ sơ '{Clip(idText ?? id.ToString())}' không có ngày tiếp nhận.");
        }

        if (!dueRead || !resolvedRead)
        {
            return !dueRead ? RejectDate(reader, row, header.DueColumn!.Value, "hẹn trả") : RejectDate(reader, row, header.ResolvedColumn!.Value, "có kết quả");
        }

        if (resolved is { } r && r < received)
        {
            return Reject(row, header.ResolvedColumn!.Value, ProblemCodes.DateOrder, $"Ngày có kết quả ({r:dd/MM/yyyy}) trước ngày tiếp nhận ({received:dd/MM/yyyy}).");
        }

        if (due is { } d && d.Date < received.Date)
        {
            return Reject(row, header.DueColumn!.Value, ProblemCodes.DateOrder, $"Hạn xử lý ({d:dd/MM/yyyy}) trước ngày tiếp nhận ({received:dd/MM/yyyy}).");
        }

        var period = _months.Of(received);
        if (period > currentPeriod)
        {
            return Reject(row, header.ReceivedColumn, ProblemCodes.InvalidDate, $"Ngày tiếp nhận {received:dd/MM/yyyy} chưa đến.");
        }

        if (channel is not { } given)
        {
            return Reject(row, header.ChannelColumn!.Value, ProblemCodes.UnknownChannel,
                $"Hình thức nộp '{Clip(reader[header.ChannelColumn!.Value].Text)}' không phải Trực tuyến (toàn trình, một phần), Trực tiếp hay Bưu chính công ích.");
        }

        if (ResolveUnit(reader, row, period) is not { } unit)
        {
            return null;
        }

        bool? digitized = header.DigitizedColumn is { } digitizedColumn ? IsYes(reader, digitizedColumn) : null;
        if (period != _lastPeriod)
        {
            _periods.Add(period);
            _lastPeriod = period;
        }

        return new DossierRecord(idText ?? id.ToString(), unit, received, due, resolved, given, digitized, row);
    }

    private bool TryGetText(SpreadsheetReader reader, int column, out ReadOnlySpan<char> text) =>
        _csv is { } csv ? csv.TryGetText(column, out text) : reader.TryGetText(column, out text);

    /// <summary>The field's text: a CSV field's span, else the typed cell's text.</summary>
    private ReadOnlySpan<char> Text(SpreadsheetReader reader, int column) =>
        TryGetText(reader, column, out var text) ? text : reader[column].Text;

    private bool TryDate(SpreadsheetReader reader, int column, out DateTime? date) =>
        TryGetText(reader, column, out var text) ? _days.TryParse(text, out date) : DossierDates.TryParse(reader[column], out date);

    private DossierRecord? RejectDate(SpreadsheetReader reader, int row, int column, string what) =>
        Reject(row, column, ProblemCodes.InvalidDate, $"Ngày {what} '{Clip(reader[column].Text)}' không đúng dạng dd/MM/yyyy hoặc ngày Excel.");

    private Unit? ResolveUnit(SpreadsheetReader reader, int row, Period period)
    {
        var directory = _directory is { } last && last.Period == period ? last : _directory = reference.Units.For(period);
        Unit? unit;
        if (header.UnitColumn is not { } unitColumn || UnitLabel(reader, unitColumn) is not { IsEmpty: false } written)
        {
            // No unit named: the dossier is the uploader's own unit's.
            unit = reference.Uploaders.Find(folder, period) is { } uploader ? directory.FindByCode(uploader.UnitCode) : null;
            if (unit is null)
            {
                Reject(row, header.UnitColumn ?? header.IdColumn, ProblemCodes.UnknownUnit, "Dòng không ghi đơn vị tiếp nhận.");
                return null;
            }
        }
        else
        {
            if (_labels is not { } labels || _labelsPeriod != period)
            {
                if (!_units.TryGetValue(period, out labels))
                {
                    _units[period] = labels = new Dictionary<string, Unit?>(StringComparer.Ordinal);
                }

                (_labels, _labelsPeriod) = (labels, period);
            }

            if (!labels.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(written, out unit))
            {
                var label = written.ToString();
                unit = Match(directory, row, unitColumn, label);
                if (_rememberedLabels < MaxRememberedLabels)
                {
                    labels[label] = unit;
                    _rememberedLabels++;
                }
            }
            else if (unit is null)
            {
                // The same unmatched name as an earlier row: the same problem, without searching again.
                Reject(row, unitColumn, ProblemCodes.UnknownUnit, $"Không tìm thấy đơn vị '{Clip(written.ToString())}' trong danh mục.");
                return null;
            }

            if (unit is null)
            {
                return null;
            }
        }

        if (!_rules.Allows(unit, period, directory))
        {
            Reject(row, header.UnitColumn ?? header.IdColumn, ProblemCodes.UnitNotAllowed,
                $"Thư mục '{folder}' không được báo cáo hồ sơ của đơn vị '{unit.FullName}'.");
            return null;
        }

        return unit;
    }

    private Unit? Match(UnitDirectory directory, int row, int column, string label)
    {
        switch (directory.Match(label))
        {
            case UnitMatch.Found found:
                return found.Unit;
            case UnitMatch.Ambiguous ambiguous:
                Reject(row, column, ProblemCodes.AmbiguousUnit,
                    $"Tên '{Clip(label)}' trùng với nhiều đơn vị ({string.Join("; ", ambiguous.Candidates.Select(u => u.FullName))}); hãy ghi mã đơn vị.");
                return null;
            case UnitMatch.NotFound notFound:
                Reject(row, column, ProblemCodes.UnknownUnit,
                    $"Không tìm thấy đơn vị '{Clip(label)}' trong danh mục. Tên gần nhất: {string.Join("; ", notFound.Suggestions)}.");
                return null;
            default:
                return null;
        }
    }

    /// <summary>The unit column's text, trimmed; empty when the cell is.</summary>
    private ReadOnlySpan<char> UnitLabel(SpreadsheetReader reader, int column) =>
        TryGetText(reader, column, out var text) ? text.Trim() : reader[column] is { IsEmpty: false } cell ? cell.Text : default;

    private bool IsYes(SpreadsheetReader reader, int column)
    {
        if (TryGetText(reader, column, out var text))
        {
            return _yes.Classify(text);
        }

        var cell = reader[column];
        return cell.Value switch
        {
            bool b => b,
            double d => d != 0,
            _ => _yes.Classify(cell.Text),
        };
    }

    private static bool IsYes(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var normalized = buffer[..HeaderText.Normalize(text, buffer)];
        return normalized is "co" or "x" or "1" or "da so hoa" or "true" or "yes";
    }

    private DossierRecord? Reject(int row, int column, string code, string message)
    {
        _problems.Add(new UploadProblem(sheet, row, ColumnName.Of(column), code, message));
        return null;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
