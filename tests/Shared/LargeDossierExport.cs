using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

using static BacNinh.Testing.OpenXmlRows;

namespace BacNinh.Testing;

/// <summary>
/// Writes a one-stop-shop export of any length, forward only (CSV text or xlsx through the Open XML
/// SDK's writer), so a million rows take little memory. Dossiers follow a fixed rule from their index
/// (<see cref="Row"/>), so a test can count what the product should find without reading the file.
/// </summary>
public static class LargeDossierExport
{
    public static readonly string[] Header = ["STT", "Mã hồ sơ", "Tên thủ tục", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Hạn xử lý", "Ngày có kết quả", "Hình thức nộp", "Số hóa"];

    private static readonly string[] Channels = ["Trực tuyến toàn trình", "Trực tuyến một phần", "Trực tiếp", "Bưu chính công ích"];

    /// <summary>The i-th dossier: received in <paramref name="month"/>, one of <paramref name="units"/>, resolved within 9 days unless every 5th.</summary>
    public static (string Id, string Unit, DateTime Received, DateTime Due, DateTime? Resolved, string Channel, bool Digitized) Row(int i, IReadOnlyList<string> units, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(units);
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        var received = month.ToDateTime(new TimeOnly(7, 30)).AddDays(i % days).AddMinutes(i % 540);
        var due = received.Date.AddDays(3 + (i % 4));
        DateTime? resolved = i % 5 == 4 ? null : received.AddDays(i % 7).AddHours(1);
        return ($"H{i:D9}", units[i % units.Count], received, due, resolved, Channels[(i / 3) % Channels.Length], i % 3 != 0);
    }

    public static void WriteCsv(Stream destination, int rows, IReadOnlyList<string> units, DateOnly month)
    {
        using var writer = new StreamWriter(destination, new UTF8Encoding(true), 1 << 16, leaveOpen: true);
        writer.WriteLine(string.Join(',', Header));
        for (var i = 0; i < rows; i++)
        {
            var r = Row(i, units, month);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1},{r.Id},Cấp phiếu lý lịch tư pháp,{r.Unit},{r.Received:dd/MM/yyyy HH:mm:ss},{r.Due:dd/MM/yyyy},{r.Resolved:dd/MM/yyyy HH:mm:ss},{r.Channel},{(r.Digitized ? "Có" : "Không")}"));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// An xlsx export as the system writes one: repeated text (units, channels, procedure) in the
    /// shared-string table, ids inline, dates as Excel serial numbers in a date-formatted cell.
    /// </summary>
    public static void WriteXlsx(Stream destination, int rows, IReadOnlyList<string> units, DateOnly month)
    {
        using var document = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = "HoSo" }));
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill()) { Count = 1 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true }) { Count = 2 });
        string[] shared = [.. Header, "Cấp phiếu lý lịch tư pháp", "Có", "Không", .. Channels, .. units];
        var index = shared.Select((text, i) => (text, i)).GroupBy(x => x.text).ToDictionary(g => g.Key, g => g.First().i);
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable(shared.Select(text => new SharedStringItem(new Text(text))));
        var worksheet = workbook.AddNewPart<WorksheetPart>("rId1");
        using var writer = OpenXmlWriter.Create(worksheet);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, [.. Header.Select(Shared)]);
        for (var i = 0; i < rows; i++)
        {
            var r = Row(i, units, month);
            WriteRow(writer, (uint)(i + 2),
            [
                new Cell { CellValue = new CellValue(i + 1) },
                Text(r.Id),
                Shared("Cấp phiếu lý lịch tư pháp"),
                Shared(r.Unit),
                Date(r.Received),
                Date(r.Due),
                r.Resolved is { } resolved ? Date(resolved) : new Cell(),
                Shared(r.Channel),
                Shared(r.Digitized ? "Có" : "Không"),
            ]);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();

        Cell Shared(string text) => new() { DataType = CellValues.SharedString, CellValue = new CellValue(index[text]) };
    }

    private static Cell Date(DateTime date) => new() { StyleIndex = 1, CellValue = new CellValue(date.ToOADate()) };

}
