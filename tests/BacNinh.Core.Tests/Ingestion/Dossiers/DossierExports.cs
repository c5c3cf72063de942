using System.Globalization;
using System.IO.Compression;
using System.Text;
using BacNinh.Testing;

namespace BacNinh.Core.Tests.Ingestion.Dossiers;

/// <summary>One dossier row as a test writes it into an export; dates as the system's text.</summary>
internal sealed record ExportRow(string Id, string Unit, string Received, string Due, string Resolved, string Channel, string Digitized);

/// <summary>Writes generated exports as real files: CSV (UTF-8), gzip-compressed CSV, and xlsx through the Open XML SDK.</summary>
internal static class DossierExports
{
    public static readonly string[] Header = ["STT", "Mã hồ sơ", "Tên thủ tục", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Hình thức nộp", "Số hóa"];

    public static byte[] Csv(IEnumerable<ExportRow> rows, bool withDigitized = true)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', Columns(Header, withDigitized).Select(Quote)));
        var n = 0;
        foreach (var r in rows)
        {
            n++;
            text.AppendLine(string.Join(',', Columns(Cells(n, r), withDigitized).Select(Quote)));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>An xlsx export with a title row above the header, received dates as real Excel dates.</summary>
    public static byte[] Xlsx(IEnumerable<ExportRow> rows)
    {
        var sheet = new List<object[]> { new object[] { "DANH SÁCH HỒ SƠ TIẾP NHẬN" }, Header.Cast<object>().ToArray() };
        var n = 0;
        foreach (var r in rows)
        {
            n++;
            var cells = Cells(n, r).Cast<object>().ToArray();
            if (DateTime.TryParseExact(r.Received, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
            {
                // An Excel serial number, as the system writes a date cell.
                cells[4] = received.ToOADate();
            }

            sheet.Add(cells);
        }

        return SheetsWorkbook.Create(("Hồ sơ", sheet.ToArray()));
    }

    private static string[] Cells(int n, ExportRow r) =>
        [n.ToString(CultureInfo.InvariantCulture), r.Id, "Cấp phiếu lý lịch tư pháp", r.Unit, r.Received, r.Due, r.Resolved, r.Channel, r.Digitized];

    private static IEnumerable<string> Columns(string[] cells, bool withDigitized) => withDigitized ? cells : cells[..^1];

    private static string Quote(string cell) => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal)
        ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : cell;
}
