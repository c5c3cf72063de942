using System.Globalization;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>The reader failures the clerk is told about, with the limit named the Vietnamese way (16.384).</summary>
public static class ReadFailures
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string Number(long value) => value.ToString("N0", Vietnamese);

    public static SpreadsheetReadException TooManyColumns(int limit, string? sheet, int? row) => new(ProblemCodes.FileTooLarge,
        $"Sheet '{sheet}' có ô vượt giới hạn {Number(limit)} cột.", sheet, row);

    public static SpreadsheetReadException TooManyRows(int limit, string? sheet) => new(ProblemCodes.FileTooLarge,
        $"Sheet '{sheet}' vượt giới hạn {Number(limit)} dòng.", sheet);

    public static SpreadsheetReadException CellTooLong(int limit, string? sheet, int? row, string? column) => new(ProblemCodes.FileTooLarge,
        $"Ô có nội dung vượt giới hạn {Number(limit)} ký tự.", sheet, row, column);

    public static SpreadsheetReadException RowTooLong(int limit, string? sheet, int? row) => new(ProblemCodes.FileTooLarge,
        $"Dòng có nội dung vượt giới hạn {Number(limit)} ký tự.", sheet, row);

    public static SpreadsheetReadException OutOfTime(TimeSpan limit, string? sheet, int? row) => new(ProblemCodes.FileTooLarge,
        $"Tệp bị từ chối vì đọc và kiểm tra vượt giới hạn thời gian {Number((long)Math.Ceiling(limit.TotalSeconds))} giây.", sheet, row);

    /// <summary>A compressed file whose content inflates past the uncompressed limit.</summary>
    public static SpreadsheetReadException TooLargeInflated(long limit) => new(ProblemCodes.FileTooLarge,
        $"Tệp bị từ chối vì dung lượng sau giải nén vượt giới hạn {Number(limit)} byte.");

    public static SpreadsheetReadException Corrupt(Exception inner, string? sheet = null, int? row = null) => new(ProblemCodes.CorruptFile,
        $"Tệp bị hỏng, không đọc được: {inner.Message}", sheet, row, innerException: inner);
}
