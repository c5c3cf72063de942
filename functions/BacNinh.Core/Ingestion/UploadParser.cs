using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// Turns one uploaded file into observations and problems. The path is
/// <c>{agency}/{yyyy-MM}/{file}</c> (<see cref="UploadPath"/>): the agency folder decides which
/// units the rows may be for (§3a); the period comes from the path or, failing that, from the
/// sheet; each sheet is one indicator's table.
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
        if (!UploadPath.TryParse(pathInContainer, out var path) || !reference.Uploaders.HasFolder(path.Folder))
        {
            return ParsedUpload.Rejected(UploadPath.PeriodOf(pathInContainer), UnknownUploader(path?.Folder, null));
        }

        var pathPeriod = path.Period;
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
            return ParseSheets(readAhead, path);
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

    private static UploadProblem UnknownUploader(string? folder, Period? period) => UploadProblem.ForFile(ProblemCodes.UnknownUploader, folder is null
        ? "Tệp phải nằm trong thư mục của đơn vị tải lên: uploads/{đơn vị}/{yyyy-MM}/{tệp}."
        : period is { } p
            ? $"Thư mục '{folder}' không được tải lên số liệu kỳ {p.Month}/{p.Year} theo danh sách đơn vị tải lên."
            : $"Thư mục '{folder}' không có trong danh sách đơn vị tải lên; hãy tải lên trong thư mục của đơn vị mình.");

    private ParsedUpload ParseSheets(SpreadsheetReader reader, UploadPath path)
    {
        var rules = new FileRowRules(path.Folder, reference.Uploaders);
        var pathPeriod = path.Period;
        var observations = new List<UnitObservation>();
        var problems = new List<UploadProblem>();
        var skipped = new List<string>();
        int rowsRead = 0, rowsRejected = 0;
        Period? period = pathPeriod;
        try
        {
            while (reader.NextSheet())
            {
                var sheet = _sheets.Parse(reader, period, rules);
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
                if (period is { } known && reference.Uploaders.Find(path.Folder, known) is null)
                {
                    return ParsedUpload.Rejected(known, UnknownUploader(path.Folder, known));
                }

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

        if (period is { } p && p > time.CurrentPeriod())
        {
            return ParsedUpload.Rejected(p, UploadProblem.ForFile(ProblemCodes.FuturePeriod, $"Kỳ báo cáo {p.Month}/{p.Year} chưa đến."));
        }

        return new ParsedUpload(period, observations, problems, skipped, rowsRead, rowsRejected);
    }
}
