using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// Turns one uploaded file into observations and problems. The period comes from the blob path
/// (<c>yyyy-MM/…</c>) or, failing that, from the sheet; each sheet is one indicator's table.
/// </summary>
public sealed class UploadParser(ReferenceData reference, TimeProvider time, UploadLimits? limits = null)
{
    private readonly SheetTableParser _sheets = new(reference);
    private readonly UploadLimits _limits = limits ?? UploadLimits.Default;

    /// <summary>Reads <paramref name="content"/> (seekable) uploaded at <paramref name="pathInContainer"/>.</summary>
    public ParsedUpload Parse(Stream content, string pathInContainer)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(pathInContainer);
        var pathPeriod = PeriodFromPath(pathInContainer);
        var (kind, problem) = FileInspector.Inspect(content, pathInContainer, _limits);
        if (problem is not null || kind is null)
        {
            return ParsedUpload.Rejected(pathPeriod, problem ?? UploadProblem.ForFile(ProblemCodes.UnsupportedFormat, "Định dạng tệp không được hỗ trợ."));
        }

        SpreadsheetReader reader;
        try
        {
            reader = kind switch
            {
                FileKind.Csv => new CsvSpreadsheetReader(content, Path.GetFileNameWithoutExtension(pathInContainer)),
                FileKind.Xlsx => new XlsxSpreadsheetReader(content, part => new BoundedStream(part, _limits.MaxUncompressedBytes)),
                _ => new XlsSpreadsheetReader(content),
            };
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            return ParsedUpload.Rejected(pathPeriod, Unreadable(ex));
        }

        using (var readAhead = new ReadAheadSpreadsheetReader(reader))
        {
            return ParseSheets(readAhead, pathPeriod);
        }
    }

    /// <summary>Exceptions that mean the file itself is bad; anything else is a fault of ours or the platform.</summary>
    public static bool IsUnreadable(Exception exception) => exception is InvalidDataException or IOException
        or System.Xml.XmlException or System.Text.DecoderFallbackException or FormatException or InvalidCastException
        or ExcelDataReader.Exceptions.ExcelReaderException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException
        or NotSupportedException or IndexOutOfRangeException or ArgumentOutOfRangeException;

    private static UploadProblem Unreadable(Exception ex) => ex switch
    {
        DecompressionLimitException limit => UploadProblem.ForFile(ProblemCodes.FileTooLarge,
            $"Tệp bị từ chối vì một phần của tệp khi giải nén vượt {limit.Limit:N0} byte (nghi ngờ 'zip bomb')."),
        ExcelDataReader.Exceptions.InvalidPasswordException => FileInspector.Encrypted(),
        System.Text.DecoderFallbackException => UploadProblem.ForFile(ProblemCodes.CorruptFile,
            "Tệp CSV không đúng mã hóa UTF-8; hãy lưu lại bằng 'CSV UTF-8 (Comma delimited)'."),
        _ => UploadProblem.ForFile(ProblemCodes.CorruptFile, $"Tệp bị hỏng, không đọc được: {ex.Message}"),
    };

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
        catch (Exception ex) when (IsUnreadable(ex))
        {
            return ParsedUpload.Rejected(period, Unreadable(ex));
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
