using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.Testing;

/// <summary>
/// Writes a small workbook of several sheets with the Open XML SDK: each sheet a list of rows,
/// numbers as number cells and anything else as text, the way a clerk's workbook stores them.
/// </summary>
public static class SheetsWorkbook
{
    public static byte[] Create(params (string Name, object[][] Rows)[] sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var list = new Sheets();
            workbook.Workbook = new Workbook(list);
            for (var s = 0; s < sheets.Length; s++)
            {
                var part = workbook.AddNewPart<WorksheetPart>($"rId{s + 1}");
                var data = new SheetData();
                for (var r = 0; r < sheets[s].Rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < sheets[s].Rows[r].Length; c++)
                    {
                        row.Append(Cell(sheets[s].Rows[r][c], $"{(char)('A' + c)}{r + 1}"));
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                list.Append(new Sheet { Id = $"rId{s + 1}", SheetId = (uint)(s + 1), Name = sheets[s].Name });
            }
        }

        return stream.ToArray();
    }

    private static Cell Cell(object value, string reference) => value switch
    {
        int or long or double or decimal => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
        _ => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)) },
    };
}
