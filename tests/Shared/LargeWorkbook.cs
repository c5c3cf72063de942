using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

using static BacNinh.Testing.OpenXmlRows;

namespace BacNinh.Testing;

/// <summary>
/// Writes a one-sheet DOC_SIGNED workbook of any length with the Open XML SDK's forward-only
/// writer, so even 200,000 rows take little memory: title, header, then one row per unit with
/// counts and a percent-formatted rate, the way agencies' files store them.
/// </summary>
public static class LargeWorkbook
{
    public static void Write(Stream destination, int rows, Func<int, string> unitName, string title = "Tháng 8/2023")
    {
        using var document = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = "DOC_SIGNED" }));
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill()) { Count = 1 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true }) { Count = 2 });
        var worksheet = workbook.AddNewPart<WorksheetPart>("rId1");
        using var writer = OpenXmlWriter.Create(worksheet);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, [Text(title)]);
        WriteRow(writer, 2, [Text("Tên đơn vị"), Text("Tổng số văn bản đi"), Text("Số văn bản đi có ký số"), Text("Tỷ lệ (%)")]);
        for (var i = 0; i < rows; i++)
        {
            var total = 1000 + (i % 50);
            var signed = 900 + (i % 50);
            WriteRow(writer, (uint)(i + 3),
            [
                Text(unitName(i)),
                new Cell { CellValue = new CellValue(total) },
                new Cell { CellValue = new CellValue(signed) },
                new Cell { StyleIndex = 1, CellValue = new CellValue((double)signed / total) },
            ]);
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
