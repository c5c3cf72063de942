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
/// sheet; each sheet is one indicator's table. A file the readers cannot read, or that breaks a
/// limit (<see cref="SpreadsheetReadException"/>, running out of memory or time), is rejected with
/// a file problem; any other failure is ours and propagates.
/// </summary>
public sealed class UploadParser(ReferenceData reference, TimeProvider time, UploadLimits? limits = null)
{
    private readonly UploadLimits _limits = limits ?? UploadLimits.Default;

    /// <summary>Reads <paramref name="content"/> (seekable) uploaded at <paramref name="path"/>.</summary>
    public ParsedUpload Parse(Stream content, UploadPath path)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        var started = time.GetTimestamp();
        if (!path.HasFolder || !reference.Uploaders.HasFolder(path.Folder))
        {
            return ParsedUpload.Rejected(path.Period, UnknownUploader(path.HasFolder ? path.Folder : null, null));
        }

        var (kind, problem) = FileInspector.Inspect(content, path.FileName, _limits);
        if (problem is not null || kind is null)
        {
            return ParsedUpload.Rejected(path.Period, problem ?? UploadProblem.ForFile(ProblemCodes.UnsupportedFormat, "Định dạng tệp không được hỗ trợ."));
        }

        Period? period = path.Period;
        try
        {
            SpreadsheetReader reader = kind switch
            {
                FileKind.Csv => new CsvSpreadsheetReader(content, Path.GetFileNameWithoutExtension(path.FileName), _limits),
                FileKind.Xlsx => new XlsxSpreadsheetReader(content, _limits),
                _ => new XlsSpreadsheetReader(content, _limits),
            };
            using var timed = new TimeBoxedSpreadsheetReader(new ReadAheadSpreadsheetReader(reader), time, _limits.MaxReadTime, started);
            return ParseSheets(timed, path, ref period);
        }
        catch (SpreadsheetReadException ex)
        {
            return ParsedUpload.Rejected(period, ex.ToProblem());
        }
        catch (OutOfMemoryException)
        {
            // What the file declares cannot exhaust memory within the limits; if it still did, it is the file that is too large.
            return ParsedUpload.Rejected(period, UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                "Tệp quá lớn để xử lý (vượt bộ nhớ cho phép); hãy chia nhỏ tệp rồi tải lên lại."));
        }
    }

    private static UploadProblem UnknownUploader(string? folder, Period? period) => UploadProblem.ForFile(ProblemCodes.UnknownUploader, folder is null
        ? "Tệp phải nằm trong thư mục của đơn vị tải lên: uploads/{đơn vị}/{yyyy-MM}/{tệp}."
        : period is { } p
            ? $"Thư mục '{folder}' không được tải lên số liệu kỳ {p.Month}/{p.Year} theo danh sách đơn vị tải lên."
            : $"Thư mục '{folder}' không có trong danh sách đơn vị tải lên; hãy tải lên trong thư mục của đơn vị mình.");

    private ParsedUpload ParseSheets(SpreadsheetReader reader, UploadPath path, ref Period? period)
    {
        var sheets = new SheetTableParser(reference, _limits.MaxProblems);
        var today = time.VietnamToday();
        var rules = new FileRowRules(path.Folder, reference.Uploaders, reference, today);
        // Most files have one sheet of figures: its observations are handed on as they are, copied only when a second sheet adds to them.
        IReadOnlyList<UnitObservation> observations = [];
        List<UnitObservation>? merged = null;
        var problems = new ProblemList(_limits.MaxProblems);
        var skipped = new List<string>();
        int rowsRead = 0, rowsRejected = 0;
        while (reader.NextSheet())
        {
            var sheet = sheets.Parse(reader, period, rules);
            if (!sheet.HasTable)
            {
                skipped.Add(sheet.Sheet);
                continue;
            }

            problems.AddRange(sheet.Problems, sheet.ProblemCount);
            if (sheet.FileLevelFailure)
            {
                return new ParsedUpload(sheet.Period ?? period, [], problems.Listed, skipped, rowsRead + sheet.RowsRead, rowsRead + sheet.RowsRead)
                {
                    ProblemCount = problems.Count,
                };
            }

            period ??= sheet.Period;
            // A folder reports for a month when its entry is in force then, or today (a successor reporting for its predecessors).
            if (period is { } known && reference.Uploaders.Find(path.Folder, known) is null && reference.Uploaders.FindOn(path.Folder, today) is null)
            {
                return ParsedUpload.Rejected(known, UnknownUploader(path.Folder, known));
            }

            if (observations.Count == 0)
            {
                observations = sheet.Observations;
            }
            else if (sheet.Observations.Count > 0)
            {
                merged ??= [.. observations];
                merged.AddRange(sheet.Observations);
                observations = merged;
            }
            rowsRead += sheet.RowsRead;
            rowsRejected += sheet.RowsRejected;
        }

        if (observations.Count == 0 && rowsRead == 0)
        {
            problems.Add(UploadProblem.ForFile(ProblemCodes.NoTable,
                skipped.Count == 0 ? "Tệp không có bảng số liệu nào." : $"Không tìm thấy bảng số liệu trong các sheet: {string.Join(", ", skipped)}."));
            return new ParsedUpload(period, [], problems.Listed, skipped, 0, 0) { ProblemCount = problems.Count };
        }

        if (period is { } p && p > time.CurrentPeriod())
        {
            return ParsedUpload.Rejected(p, UploadProblem.ForFile(ProblemCodes.FuturePeriod, $"Kỳ báo cáo {p.Month}/{p.Year} chưa đến."));
        }

        return new ParsedUpload(period, observations, problems.Listed, skipped, rowsRead, rowsRejected) { ProblemCount = problems.Count };
    }
}
