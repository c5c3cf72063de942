using System.Text;
using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Tests.Ingestion.Sheets;

/// <summary>
/// The readers read attribute values and CSV fields in place, without a string each: what they
/// give must be what the file says, however it spells it.
/// </summary>
public sealed class CellTextTests
{
    [Fact]
    public void XlsxAttributesAreReadAsTheXmlSpellsThem()
    {
        // Character references, leading zeros and a style index that overflows an int are all legal XML the reader must read as before.
        var file = new HostileWorkbook()
            .SharedStrings("<si><t>zero</t></si><si><t>one</t></si>")
            .Styles("""<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs>""")
            .SheetData("""
                <row r="0003"><c r="&#66;3" t="&#115;"><v>1</v></c><c r="C3" s="0001"><v>0.5</v></c><c r="D3" s="99999999999"><v>7</v></c></row>
                <row r="4"><c r="A4" t="inlineStr"><is><t>inline</t></is></c><c t="s"><v>0</v></c><c r="d4" t="b"><v>1</v></c></row>
                """).ToArray();
        using var reader = new XlsxSpreadsheetReader(new MemoryStream(file));

        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());
        Assert.Equal(3, reader.RowNumber);
        Assert.Equal("one", reader[1].Value);
        Assert.Equal((0.5d, "0.00%"), (reader[2].Value, reader[2].NumberFormat));
        Assert.Equal((7d, null), (reader[3].Value, reader[3].NumberFormat));
        Assert.True(reader.ReadRow());
        Assert.Equal(4, reader.RowNumber);
        Assert.Equal(("inline", "zero", true), (reader[0].Value, reader[1].Value, reader[3].Value));
    }

    [Fact]
    public void ARowNumberPastEveryLimitIsRefusedHoweverManyDigitsItHas()
    {
        var file = new HostileWorkbook().SheetData("""<row r="0000000000000000000000000000000000000000000000000099999999999999999999"><c r="A1"><v>1</v></c></row>""").ToArray();
        using var reader = new XlsxSpreadsheetReader(new MemoryStream(file));

        Assert.True(reader.NextSheet());
        var error = Assert.Throws<SpreadsheetReadException>(() => reader.ReadRow());
        Assert.Equal(BacNinh.Core.Ingestion.ProblemCodes.FileTooLarge, error.Code);
    }

    [Fact]
    public void ACsvFieldsTextIsTheTextOfItsCell()
    {
        var csv = "Mã hồ sơ,Ghi chú,Ngày\nH1,\"nói \"\"có\"\", rồi\", 02/03/2024 \nH2\n";
        using var reader = new CsvSpreadsheetReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "export");

        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());
        Assert.True(reader.ReadRow());
        for (var column = 0; column < 4; column++)
        {
            Assert.True(reader.TryGetText(column, out var text));
            Assert.Equal((string?)reader[column].Value ?? string.Empty, text.ToString());
        }

        Assert.True(reader.TryGetText(1, out var quoted));
        Assert.Equal("nói \"có\", rồi", quoted.ToString());
        Assert.True(reader.ReadRow());
        Assert.True(reader.TryGetText(2, out var pastTheEnd));
        Assert.True(pastTheEnd.IsEmpty);
    }
}
