using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Templates;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.Core.Tests.Ingestion;

public sealed class TemplateWorkbookTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly Period August2023 = new(2023, 8);

    private static MemoryStream Template(string indicator)
    {
        var content = new MemoryStream();
        TemplateWorkbook.Write(content, Reference.Indicators.Find(indicator)!, Reference.Indicators.Columns, Reference.Units.For(August2023), August2023);
        content.Position = 0;
        return content;
    }

    [Fact]
    public void TemplateListsEveryUnitOfThePeriodUnderItsTierSection()
    {
        using var content = Template("DOC_SIGNED");
        using var document = SpreadsheetDocument.Open(content, false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        string Text(Row row, int column) => row.Elements<Cell>().FirstOrDefault(c => c.CellReference!.Value!.StartsWith(ColumnName.Of(column), StringComparison.Ordinal) && char.IsDigit(c.CellReference.Value[ColumnName.Of(column).Length]))?.InnerText ?? string.Empty;

        Assert.Equal("Tháng 8/2023", Text(rows[1], 0));
        Assert.Equal(["STT", "Tên đơn vị", "Mã đơn vị", "Thuộc", "Tổng số văn bản đi", "Số văn bản đi có ký số", "Tỷ lệ"], Enumerable.Range(0, 7).Select(c => Text(rows[3], c)));
        Assert.Equal(["CẤP TỈNH", "CẤP HUYỆN", "CẤP XÃ"], rows.Select(r => Text(r, 1)).Where(t => t.StartsWith("CẤP", StringComparison.Ordinal)));
        Assert.Equal(22 + 8 + 126, rows.Count(r => Text(r, 2).Length > 0) - 1);
        var rate = rows[5].Elements<Cell>().Last();
        Assert.StartsWith("IF(", rate.CellFormula!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FilledInTemplateIsIngestedWithoutProblems()
    {
        using var content = Template("ONLINE_DOSSIERS");
        using (var document = SpreadsheetDocument.Open(content, true))
        {
            var data = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
            foreach (var row in data.Elements<Row>())
            {
                var code = row.Elements<Cell>().FirstOrDefault(c => c.CellReference!.Value!.StartsWith('C'))?.InnerText;
                if (code is "P-STP" or "09184" or "09445")
                {
                    var r = row.RowIndex!.Value;
                    var cells = row.Elements<Cell>().ToList();
                    cells[3].InsertAfterSelf(new Cell { CellReference = $"F{r}", CellValue = new CellValue(296) });
                    cells[3].InsertAfterSelf(new Cell { CellReference = $"E{r}", CellValue = new CellValue(1000) });
                }
            }
        }

        content.Position = 0;
        var parsed = new UploadParser(Reference, TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/ONLINE_DOSSIERS-2023-08.xlsx"));

        Assert.Empty(parsed.Problems);
        Assert.Equal(August2023, parsed.Period);
        Assert.Equal(["P-STP", "09184", "09445"], parsed.Observations.Select(o => o.UnitCode).Order(StringComparer.Ordinal).OrderBy(c => c[0] == 'P' ? 0 : 1));
        Assert.All(parsed.Observations, o => Assert.Equal(29.6m, o.Rate));
    }
}
