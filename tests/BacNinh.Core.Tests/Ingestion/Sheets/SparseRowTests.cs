using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Tests.Ingestion.Sheets;

/// <summary>Rows hold the cells a file gives and, once the table is known, only the table's columns.</summary>
public sealed class SparseRowTests
{
    [Fact]
    public void RowHoldsOnlyItsCellsAndLooksAsWideAsItsLastOne()
    {
        var row = new SheetRow([0, 2, 16_383], [new SheetCell("a"), new SheetCell(2d), new SheetCell("far")]);

        Assert.Equal((3, 16_384), (row.Count, row.Width));
        Assert.Equal("a", row[0].Value);
        Assert.True(row[1].IsEmpty);
        Assert.Equal(2d, row[2].Value);
        Assert.Equal("far", row[16_383].Value);
        Assert.True(row[-1].IsEmpty);
        Assert.True(row[20_000].IsEmpty);
    }

    [Fact]
    public void XlsxReaderKeepsOnlyTheColumnsItIsToldToKeep()
    {
        var file = new HostileWorkbook().SheetData("""
            <row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>
            <row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>5</v></c><c r="C2"><v>6</v></c><c r="XFD2"><v>7</v></c></row>
            """).ToArray();
        using var reader = new XlsxSpreadsheetReader(new MemoryStream(file));

        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());
        Assert.Equal(3, reader.CurrentRow().Count);
        reader.KeepColumns([0, 2]);
        Assert.True(reader.ReadRow());

        var row = reader.CurrentRow();
        Assert.Equal([0, 2], Enumerable.Range(0, row.Count).Select(row.ColumnAt));
        Assert.Equal((4d, 6d), (row[0].Value, row[2].Value));
    }

    [Fact]
    public void ReadAheadHandsTheColumnsToKeepToTheInnerReader()
    {
        var rows = string.Concat(Enumerable.Range(1, 5_000).Select(r => $"""<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>0</v></c><c r="XFD{r}"><v>0</v></c></row>"""));
        using var reader = new ReadAheadSpreadsheetReader(new XlsxSpreadsheetReader(new MemoryStream(new HostileWorkbook().SheetData(rows).ToArray())));

        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());
        reader.KeepColumns([0]);
        var last = SheetRow.Empty;
        while (reader.ReadRow())
        {
            last = reader.CurrentRow();
        }

        // Rows read ahead before the call keep their cells; the rest hold column A alone.
        Assert.Equal((1, 5_000d), (last.Count, last[0].Value));
    }
}
