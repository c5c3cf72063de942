using System.Text;
using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Tests.Ingestion.Sheets;

public sealed class ReadAheadSpreadsheetReaderTests
{
    [Fact]
    public void SheetsRowsAndCellsArriveAsTheInnerReaderReadsThem()
    {
        var path = TestFiles.PathOf("MessyWorkbookIsIngestedWithEveryTier.xlsx");
        using var direct = new XlsxSpreadsheetReader(new MemoryStream(File.ReadAllBytes(path)));
        using var readAhead = new ReadAheadSpreadsheetReader(new XlsxSpreadsheetReader(new MemoryStream(File.ReadAllBytes(path))));

        var expected = Dump(direct);
        var actual = Dump(readAhead);

        Assert.Equal(3, expected.Select(r => r.Sheet).Distinct().Count());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void RowsOfASheetTheCallerLeavesUnreadAreSkippedByTheNextSheet()
    {
        var path = TestFiles.PathOf("MessyWorkbookIsIngestedWithEveryTier.xlsx");
        using var reader = new ReadAheadSpreadsheetReader(new XlsxSpreadsheetReader(new MemoryStream(File.ReadAllBytes(path))));

        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());
        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());

        Assert.Equal("Hồ sơ TTHC", reader.SheetName);
        Assert.Equal(1, reader.RowNumber);
    }

    [Fact]
    public void AFailureOfTheInnerReaderReachesTheCallerWithItsOwnTypeAfterTheRowsBeforeIt()
    {
        // 20,000 good lines (several batches, and more than the CSV reader decodes ahead), then a byte that is not UTF-8.
        var lines = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"Xã {i},{i}\n"));
        byte[] content = [.. Encoding.UTF8.GetBytes(lines), 0xC3, 0x28, (byte)'\n'];

        var (directRows, directFailure) = ReadUntilFailure(new CsvSpreadsheetReader(new MemoryStream(content), "csv"));
        var (rows, failure) = ReadUntilFailure(new ReadAheadSpreadsheetReader(new CsvSpreadsheetReader(new MemoryStream(content), "csv")));

        Assert.IsType<DecoderFallbackException>(Assert.IsType<SpreadsheetReadException>(directFailure).InnerException);
        Assert.IsType<DecoderFallbackException>(Assert.IsType<SpreadsheetReadException>(failure).InnerException);
        Assert.True(rows > 512, "The failure comes after more than one batch of rows.");
        Assert.Equal(directRows, rows);
    }

    private static (int Rows, Exception? Failure) ReadUntilFailure(SpreadsheetReader reader)
    {
        using (reader)
        {
            var rows = 0;
            var failure = Record.Exception(() =>
            {
                reader.NextSheet();
                while (reader.ReadRow())
                {
                    rows++;
                }
            });
            return (rows, failure);
        }
    }

    [Fact]
    public async Task DisposingBeforeTheEndStopsTheReadAhead()
    {
        var lines = string.Concat(Enumerable.Range(1, 100_000).Select(i => $"Xã {i},{i}\n"));
        var reader = new ReadAheadSpreadsheetReader(new CsvSpreadsheetReader(new MemoryStream(Encoding.UTF8.GetBytes(lines)), "csv"));
        Assert.True(reader.NextSheet());
        Assert.True(reader.ReadRow());

        var disposed = Task.Run(reader.Dispose, TestContext.Current.CancellationToken);

        var first = await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Same(disposed, first);
    }

    private static List<(string Sheet, int Row, string Cells)> Dump(SpreadsheetReader reader)
    {
        var rows = new List<(string, int, string)>();
        while (reader.NextSheet())
        {
            while (reader.ReadRow())
            {
                rows.Add((reader.SheetName, reader.RowNumber, string.Join('|', Enumerable.Range(0, reader.CellCount).Select(i => $"{reader[i].Value}:{reader[i].NumberFormat}"))));
            }
        }

        return rows;
    }
}
