using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// Turns one uploaded file into observations and problems. The period comes from the blob path
/// (<c>yyyy-MM/…</c>) or, failing that, from the sheet; each sheet is one indicator's table.
/// </summary>
public sealed class UploadParser(ReferenceData reference, TimeProvider time)
{
    private readonly SheetTableParser _sheets = new(reference);

    public ParsedUpload Parse(Stream content, string pathInContainer)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(pathInContainer);
        var pathPeriod = PeriodFromPath(pathInContainer);
        var extension = Path.GetExtension(pathInContainer).ToUpperInvariant();
        SpreadsheetReader reader;
        try
        {
            reader = extension switch
            {
                ".CSV" => new CsvSpreadsheetReader(content, Path.GetFileNameWithoutExtension(pathInContainer)),
                ".XLSX" or ".XLS" => new ExcelSpreadsheetReader(content),
                _ => throw new NotSupportedException(),
            };
        }
        catch (NotSupportedException)
        {
            return ParsedUpload.Rejected(pathPeriod, UploadProblem.ForFile(ProblemCodes.UnsupportedFormat,
                $"Định dạng '{extension}' không được hỗ trợ; hãy dùng .xlsx, .xls hoặc .csv."));
        }
        catch (Exception ex) when (ex is InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or IOException)
        {
            return ParsedUpload.Rejected(pathPeriod, UploadProblem.ForFile(ProblemCodes.CorruptFile,
                $"Không đọc được tệp: {ex.Message}"));
        }

        using (reader)
        {
            return ParseSheets(reader, pathPeriod);
        }
    }

    /// <summary>The first path segment when it is <c>yyyy-MM</c>.</summary>
    public static Period? PeriodFromPath(string pathInContainer)
    {
        var first = pathInContainer.TrimStart('/').Split('/')[0];
        return Period.TryParse(first, out var period) ? period : null;
    }

    private ParsedUpload ParseSheets(SpreadsheetReader reader, Period? pathPeriod)
    {
        var observations = new List<UnitObservation>();
        var problems = new List<UploadProblem>();
        var skipped = new List<string>();
        int rowsRead = 0, rowsRejected = 0;
        Period? period = pathPeriod;
        try
        {
            while (reader.NextSheet())
            {
                var sheet = _sheets.Parse(reader, period);
                if (!sheet.HasTable)
                {
                    skipped.Add(sheet.Sheet);
                    continue;
                }

                problems.AddRange(sheet.Problems);
                if (sheet.FileLevelFailure)
                {
                    return new ParsedUpload(sheet.Period ?? period, [], problems, skipped, rowsRead + sheet.RowsRead, rowsRead + sheet.RowsRead);
                }

                period ??= sheet.Period;
                observations.AddRange(sheet.Observations);
                rowsRead += sheet.RowsRead;
                rowsRejected += sheet.RowsRejected;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or System.Text.DecoderFallbackException or IOException)
        {
            return ParsedUpload.Rejected(period, UploadProblem.ForFile(ProblemCodes.CorruptFile, $"Tệp bị hỏng hoặc không đúng mã hóa UTF-8: {ex.Message}"));
        }

        if (observations.Count == 0 && rowsRead == 0)
        {
            problems.Add(UploadProblem.ForFile(ProblemCodes.NoTable,
                skipped.Count == 0 ? "Tệp không có bảng số liệu nào." : $"Không tìm thấy bảng số liệu trong các sheet: {string.Join(", ", skipped)}."));
            return new ParsedUpload(period, [], problems, skipped, 0, 0);
        }

        if (period is { } p && p > Period.FromDate(time.GetUtcNow().ToOffset(TimeSpan.FromHours(7))))
        {
            return ParsedUpload.Rejected(p, UploadProblem.ForFile(ProblemCodes.FuturePeriod, $"Kỳ báo cáo {p.Month}/{p.Year} chưa đến."));
        }

        return new ParsedUpload(period, observations, problems, skipped, rowsRead, rowsRejected);
    }
}
