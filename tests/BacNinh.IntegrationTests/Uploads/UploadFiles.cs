using System.Text;
using BacNinh.Core.Periods;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.IntegrationTests.Uploads;

/// <summary>Small workbooks an agency would upload, made at test time.</summary>
public static class UploadFiles
{
    /// <summary>A commune in force since July 2025 (Phường Đa Mai) and another commune it may not report for.</summary>
    public const string CommuneFolder = "07228";
    public const string CommuneName = "Phường Đa Mai";
    public const string OtherCommuneFolder = "07246";
    public const string OtherCommuneName = "Xã Xuân Lương";

    /// <summary>The month being reported now: last month in Vietnam.</summary>
    public static Period ReportedMonth => Period.FromDate(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7))).Previous;

    /// <summary>One DOC_SIGNED row for <paramref name="unitName"/>, as CSV.</summary>
    public static byte[] DocSignedCsv(string unitName, int sent = 200, int signed = 190) =>
        Encoding.UTF8.GetBytes($"Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n{unitName},{sent},{signed}\n");

    /// <summary>
    /// Two sheets for one commune: documents signed (correct) and online dossiers with more online
    /// dossiers than received (the deliberate error, row 4 of the second sheet).
    /// </summary>
    public static byte[] WorkbookWithOneError(string unitName)
    {
        using var content = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(content, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            AddSheet(workbook, 1, "Văn bản", [
                ["BÁO CÁO KÝ SỐ VĂN BẢN ĐI"],
                [],
                ["STT", "Tên đơn vị", "Tổng số văn bản đi", "Số văn bản đi có ký số"],
                [1, unitName, 120, 114],
            ]);
            AddSheet(workbook, 2, "Hồ sơ", [
                ["BÁO CÁO HỒ SƠ TRỰC TUYẾN"],
                [],
                ["STT", "Tên đơn vị", "Tổng số hồ sơ tiếp nhận", "Số hồ sơ trực tuyến"],
                [1, unitName, 120, 150],
            ]);
        }

        return content.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, uint id, string name, object[][] rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r + 1}";
                row.Append(rows[r][c] switch
                {
                    int number => new Cell { CellReference = reference, CellValue = new CellValue(number), DataType = CellValues.Number },
                    var text => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text.ToString()!)) },
                });
            }

            data.Append(row);
        }

        part.Worksheet = new Worksheet(data);
        workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }
}
