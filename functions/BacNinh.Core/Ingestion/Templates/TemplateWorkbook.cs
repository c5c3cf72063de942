using BacNinh.Core.Indicators;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.Core.Ingestion.Templates;

/// <summary>
/// The workbook an agency fills in for one indicator and month: title and period rows, the
/// catalog's column names as header, every unit of the registry in force that month under its
/// tier's section (communes with their district in the "Thuộc" column), and the rate as a
/// percent-formatted formula. What it produces is exactly what the ingestion reads.
/// </summary>
public static class TemplateWorkbook
{
    private const uint TitleStyle = 1;
    private const uint HeaderStyle = 2;
    private const uint PercentStyle = 3;
    private const uint SectionStyle = 4;

    public static void Write(Stream destination, Indicator indicator, CommonColumns columns, UnitDirectory units, Period period)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(units);

        using var document = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = SheetName(indicator.Code) }));
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();

        string[] header =
        [
            "STT", columns.Unit.Name, columns.UnitCode.Name, columns.Parent.Name,
            indicator.Denominator.Name, indicator.Numerator.Name, .. indicator.Breakdowns.Select(b => b.Name), columns.Rate.Name,
        ];
        var denominator = ColumnName.Of(4);
        var numerator = ColumnName.Of(5);
        var lastColumn = header.Length - 1;

        var worksheet = workbook.AddNewPart<WorksheetPart>("rId1");
        using var writer = OpenXmlWriter.Create(worksheet);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new Columns());
        writer.WriteElement(new Column { Min = 1, Max = 1, Width = 6, CustomWidth = true });
        writer.WriteElement(new Column { Min = 2, Max = 2, Width = 48, CustomWidth = true });
        writer.WriteElement(new Column { Min = 3, Max = 4, Width = 14, CustomWidth = true });
        writer.WriteElement(new Column { Min = 5, Max = (uint)header.Length, Width = 18, CustomWidth = true });
        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());

        uint row = 1;
        WriteRow(writer, row++, [Text(0, "BÁO CÁO " + indicator.Name.ToUpperInvariant(), TitleStyle)]);
        WriteRow(writer, row++, [Text(0, $"Tháng {period.Month}/{period.Year}", TitleStyle)]);
        WriteRow(writer, row++, []);
        WriteRow(writer, row++, [.. header.Select((h, i) => Text(i, h, HeaderStyle))]);

        string[] roman = ["I", "II", "III"];
        var section = 0;
        foreach (var tier in new[] { Tier.Province, Tier.District, Tier.Commune })
        {
            var inTier = units.InTier(tier).ToList();
            if (inTier.Count == 0)
            {
                continue;
            }

            WriteRow(writer, row++, [Text(0, roman[section++], SectionStyle), Text(1, "CẤP " + tier.ToVietnamese()[4..].ToUpperInvariant(), SectionStyle)]);
            var ordered = tier == Tier.Commune
                ? inTier.OrderBy(u => units.FindByCode(u.ParentCode)?.FullName ?? string.Empty, StringComparer.Ordinal).ThenBy(u => u.FullName, StringComparer.Ordinal)
                : inTier.OrderBy(u => u.FullName, StringComparer.Ordinal);
            var number = 1;
            foreach (var unit in ordered)
            {
                var r = row++;
                WriteRow(writer, r,
                [
                    (0, new Cell { CellValue = new CellValue(number++) }),
                    Text(1, unit.FullName),
                    Text(2, unit.Code),
                    Text(3, units.FindByCode(unit.ParentCode)?.FullName ?? string.Empty),
                    (lastColumn, new Cell
                    {
                        StyleIndex = PercentStyle,
                        CellFormula = new CellFormula($"IF(OR({denominator}{r}=\"\",{denominator}{r}=0),\"\",{numerator}{r}/{denominator}{r})"),
                    }),
                ]);
            }
        }

        writer.WriteEndElement();
        writer.WriteStartElement(new MergeCells());
        writer.WriteElement(new MergeCell { Reference = $"A1:{ColumnName.Of(lastColumn)}1" });
        writer.WriteElement(new MergeCell { Reference = $"A2:{ColumnName.Of(lastColumn)}2" });
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static string SheetName(string code) => code.Length <= 31 ? code : code[..31];

    private static (int, Cell) Text(int column, string text, uint style = 0) => (column, new Cell
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text)),
        StyleIndex = style == 0 ? null : style,
    });

    private static void WriteRow(OpenXmlWriter writer, uint index, (int Column, Cell Cell)[] cells)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        foreach (var (column, cell) in cells)
        {
            cell.CellReference = $"{ColumnName.Of(column)}{index}";
            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold()), new Font(new Bold(), new FontSize { Val = 14 })) { Count = 3 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 2, ApplyFont = true },
            new CellFormat { FontId = 1, ApplyFont = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center }, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true })
        { Count = 5 });
}
