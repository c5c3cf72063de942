using System.IO.Compression;
using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>Measures allocations process-wide, so it runs alone.</summary>
[CollectionDefinition(nameof(MeasuredAllocations), DisableParallelization = true)]
public sealed class MeasuredAllocations;

/// <summary>
/// One generated file per limit of contract §8 and per attack of issue 12, each parsed through
/// <see cref="UploadParser"/>: the report's code, and that reading it allocated less than a stated
/// bound. Bytes allocated (all threads, read-ahead included) bound the heap's growth from above.
/// </summary>
[Collection(nameof(MeasuredAllocations))]
public sealed class HostileFileLimitTests
{
    /// <summary>What reading any of these files may allocate in all; the attacks cost gigabytes before the limits.</summary>
    private const long MemoryBound = 64L * 1024 * 1024;

    private const string Path = "so-tttt/2023-08/hostile.xlsx";

    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();

    [Fact]
    public void CellReferencePastTheLastColumnIsRejectedAsTooLarge()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + """<row r="5"><c r="ZZZZZZ5"><v>1</v></c></row>""").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("16.384 cột", problem.Message, StringComparison.Ordinal);
        Assert.Equal(5, problem.Row);
    }

    [Fact]
    public void ColumnJustPastXfdIsRejectedAsTooLarge()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + """<row r="5"><c r="XFE5"><v>1</v></c></row>""").ToArray();

        RejectedWithin(file, Path, ProblemCodes.FileTooLarge);
    }

    [Fact]
    public void CellsAtXfdOnEveryRowAreReadSparselyAndTheTableIsAccepted()
    {
        // Padded to XFD, 5,000 rows were 80 million cells (over a GiB); sparse they are one cell a row.
        var junk = string.Concat(Enumerable.Range(10, 5_000).Select(r => $"""<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"""));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows(titleCells: """<c r="XFD1"><v>7</v></c>""") + junk).ToArray();

        var (parsed, allocated) = Measure(file, Path);

        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        Assert.Equal(2, parsed.RowsAccepted);
        AssertWithinBound(allocated);
    }

    [Fact]
    public void RowNumberPastTheLastRowIsRejectedAsTooLarge()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + """<row r="2147483647"><c r="A2147483647"><v>1</v></c></row>""").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("1.048.576 dòng", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowNumberBeyondALongIsRejectedAsTooLarge()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + """<row r="99999999999999999999999"/>""").ToArray();

        RejectedWithin(file, Path, ProblemCodes.FileTooLarge);
    }

    [Fact]
    public void LastLegalRowAfterAGapProducesNoBlankRows()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + """<row r="1048576"><c r="A1048576"><v>1</v></c></row>""").ToArray();

        var (parsed, allocated) = Measure(file, Path);

        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        AssertWithinBound(allocated);
    }

    [Fact]
    public void RowsGoingBackwardsAreRejectedAsCorrupt()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows(firstDataRow: 10) + """<row r="4"/>""").ToArray();

        RejectedWithin(file, Path, ProblemCodes.CorruptFile);
    }

    [Fact]
    public void HugeNumberInACellIsARowProblemNotACrash()
    {
        // A rate of 1e300 overflowed decimal: an unhandled crash, retried until set aside as poison.
        var rows = HostileWorkbook.ValidRows().Replace("</c></row>\n<row r=\"3\">", $"</c>{HostileWorkbook.Inline("D2", "Tỷ lệ (%)")}</row>\n<row r=\"3\">", StringComparison.Ordinal)
            + $"""<row r="5">{HostileWorkbook.Inline("A5", "Sở Y tế")}<c r="D5"><v>1e300</v></c></row>""";
        Assert.Contains("Tỷ lệ (%)", rows, StringComparison.Ordinal);
        var file = new HostileWorkbook().SheetData(rows).ToArray();

        var (parsed, allocated) = Measure(file, Path);

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((5, "D", ProblemCodes.NotANumber), (problem.Row, problem.Column, problem.Code));
        Assert.Equal(2, parsed.RowsAccepted);
        AssertWithinBound(allocated);
    }

    [Fact]
    public void StoredPaddingPartDoesNotLetADeflateBombPass()
    {
        // 10 MiB stored beside 60 MiB of zeros deflated to ~60 KiB: 7:1 over the package, 1,000:1 for the bomb.
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows())
            .Part("xl/media/padding.bin", s => s.Write(RandomBytes(10 * 1024 * 1024)), CompressionLevel.NoCompression)
            .Part("xl/media/bomb.bin", s => WriteZeros(s, 60 * 1024 * 1024), CompressionLevel.SmallestSize)
            .ToArray();
        Assert.True(file.Length > 10 * 1024 * 1024, "The padding is stored, not compressed.");

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("bomb.bin", problem.Message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartLargerThanThePartCapIsRejected()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows())
            .Part("xl/media/big.bin", s => s.Write(RandomBytes(300_000)), CompressionLevel.NoCompression)
            .ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge, new UploadLimits { MaxPartBytes = 200_000 });

        Assert.Contains("200.000 byte", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartsTogetherLargerThanTheInflatedCapAreRejected()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows())
            .Part("xl/media/a.bin", s => s.Write(RandomBytes(150_000)), CompressionLevel.NoCompression)
            .Part("xl/media/b.bin", s => s.Write(RandomBytes(150_000)), CompressionLevel.NoCompression)
            .ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge, new UploadLimits { MaxUncompressedBytes = 200_000, MaxPartBytes = 200_000 });

        Assert.Contains("200.000 byte", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InflateBudgetStopsAPackageEvenWhenItsDirectoryWasNotChecked()
    {
        // Through UploadParser the directory's declared sizes stop this first (and .NET stops an entry at
        // its declared size); the reader's own budget is the second line, so it is tested on the reader.
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + string.Concat(Enumerable.Range(10, 2_000).Select(r => $"<row r=\"{r}\"/>"))).ToArray();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var failure = Assert.Throws<SpreadsheetReadException>(() =>
        {
            using var reader = new XlsxSpreadsheetReader(new MemoryStream(file), new UploadLimits { MaxUncompressedBytes = 20_000 });
            while (reader.NextSheet())
            {
                while (reader.ReadRow())
                {
                }
            }
        });

        Assert.Equal(ProblemCodes.FileTooLarge, failure.Code);
        Assert.Contains("20.000 byte", failure.Message, StringComparison.Ordinal);
        AssertWithinBound(GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Fact]
    public void PackageOf1001EntriesIsRejectedAsTooLarge()
    {
        var workbook = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows());
        for (var i = 0; i < 1_001 - 5; i++)
        {
            workbook.Part($"xl/media/{i}.bin", s => s.WriteByte(1));
        }

        var file = workbook.ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("1.001 phần", problem.Message, StringComparison.Ordinal);
        Assert.Contains("1.000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedStringTableWithTooManyStringsIsRejected()
    {
        var items = string.Concat(Enumerable.Range(0, 1_001).Select(i => $"<si><t>s{i}</t></si>"));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows()).SharedStrings(items).ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge, new UploadLimits { MaxSharedStrings = 1_000 });

        Assert.Contains("1.000 chuỗi", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeSharedStringTableIsRejectedByItsCharacterCap()
    {
        // 17 Mi characters in 1 KiB strings: past the default 16 Mi, and compressed to almost nothing.
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows()).SharedStrings(part =>
        {
            part.Write(Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"""));
            var item = Encoding.UTF8.GetBytes($"<si><t>{new string('a', 1024)}</t></si>");
            for (var i = 0; i < 17 * 1024; i++)
            {
                part.Write(item);
            }

            part.Write("</sst>"u8);
        }).ToArray();

        // The default table may hold 32 MiB of text, so this one is allowed to allocate more than the others.
        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge, new UploadLimits { MaxCompressionRatio = 100_000 }, bound: 160L * 1024 * 1024);

        Assert.Contains("16.777.216 ký tự", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedStringLongerThanACellIsRejected()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows()).SharedStrings($"<si><t>{new string('a', 40_000)}</t></si>").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("32.767 ký tự", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StylesWithTooManyCellFormatsAreRejected()
    {
        var formats = string.Concat(Enumerable.Repeat("""<xf numFmtId="10"/>""", 70_000));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows()).Styles($"""<cellXfs count="70000">{formats}</cellXfs>""").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("65.536 định dạng", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeStylesPartIsRejectedByItsCapWithoutBuildingIt()
    {
        // 2 MiB of fonts, which the reader skips; the part's cap still counts them.
        var fonts = string.Concat(Enumerable.Repeat("<font><b/><sz val=\"11\"/></font>", 70_000));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows()).Styles($"<fonts>{fonts}</fonts><cellXfs><xf numFmtId=\"10\"/></cellXfs>").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge, new UploadLimits { MaxStylesBytes = 1024 * 1024, MaxCompressionRatio = 100_000 });

        Assert.Contains("1.048.576 byte", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CellOfManyCdataSectionsIsBuiltInLinearTime()
    {
        // 30,000 one-character sections in a title cell: concatenated one by one that was ~900 MB of copies.
        var cdata = string.Concat(Enumerable.Repeat("<![CDATA[a]]>", 30_000));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows(titleCells: $"""<c r="J1" t="inlineStr"><is><t>{cdata}</t></is></c>""")).ToArray();

        var (parsed, allocated) = Measure(file, Path);

        Assert.Equal(UploadStatus.Accepted, parsed.Status);
        AssertWithinBound(allocated, 8L * 1024 * 1024);
    }

    [Fact]
    public void CellOfCdataSectionsPastTheCellCapIsRejected()
    {
        var cdata = string.Concat(Enumerable.Repeat("<![CDATA[abcd]]>", 10_000));
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows() + $"""<row r="5"><c r="D5"><v>{cdata}</v></c></row>""").ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Equal((5, "D"), (problem.Row, problem.Column));
    }

    [Fact]
    public void InlineCellOf40000CharactersIsRejected()
    {
        var file = new HostileWorkbook().SheetData(HostileWorkbook.ValidRows(titleCells: HostileWorkbook.Inline("J1", new string('x', 40_000)))).ToArray();

        var problem = RejectedWithin(file, Path, ProblemCodes.FileTooLarge);

        Assert.Contains("32.767 ký tự", problem.Message, StringComparison.Ordinal);
        Assert.Equal((1, "J"), (problem.Row, problem.Column));
    }

    [Fact]
    public void CsvFieldOf40000CharactersIsRejected()
    {
        var csv = $"Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400\n{new string('x', 40_000)},1,1\n";

        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/long.csv", ProblemCodes.FileTooLarge);

        Assert.Contains("32.767 ký tự", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Row);
    }

    [Fact]
    public void CsvRowPastTheRowTextCapIsRejected()
    {
        var wide = string.Join(',', Enumerable.Repeat(new string('x', 1_000), 2_000));
        var csv = $"Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400\n{wide}\n";

        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/wide.csv", ProblemCodes.FileTooLarge);

        Assert.Contains("1.048.576 ký tự", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvWithMoreThan16384ColumnsIsRejected()
    {
        var csv = $"Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400\n{new string(',', 16_384)}\n";

        // The CSV parser's own bookkeeping of a record's fields is about 50 MB at 16,385 fields (80 MB at the 1 Mi-character row cap).
        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/columns.csv", ProblemCodes.FileTooLarge, bound: 96L * 1024 * 1024);

        Assert.Contains("16.384 cột", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvWithMoreRowsThanTheLimitIsRejected()
    {
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n" + string.Concat(Enumerable.Repeat("Sở Tài chính,420,400\n", 200));

        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/rows.csv", ProblemCodes.FileTooLarge, new UploadLimits { MaxRows = 100 });

        Assert.Contains("100 dòng", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 16_384, 32_767)]
    [InlineData(1_048_576, 2, 32_767)]
    [InlineData(1_048_576, 16_384, 5)]
    public void LegacyXlsIsHeldToTheSameLimits(int rows, int columns, int cellCharacters)
    {
        // No .xls writer exists to make hostile files at test time: a real fixture against tightened limits.
        var file = File.ReadAllBytes(TestFiles.PathOf("CanonicalTemplateIsAccepted.xls"));

        RejectedWithin(file, "so-tttt/2023-08/legacy.xls", ProblemCodes.FileTooLarge,
            new UploadLimits { MaxRows = rows, MaxColumns = columns, MaxCellCharacters = cellCharacters });
    }

    [Fact]
    public void MoreThan1000RowProblemsListTheFirst1000AndCountAll()
    {
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400\n"
            + string.Concat(Enumerable.Range(0, 1_500).Select(i => $"Đơn vị không có {i},10,5\n"));

        var (parsed, allocated) = Measure(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/problems.csv");

        Assert.Equal(UploadStatus.AcceptedWithErrors, parsed.Status);
        Assert.Equal(1_000, parsed.Problems.Count);
        Assert.Equal(1_500, parsed.ProblemCount);
        Assert.Equal(1_500, parsed.RowsRejected);
        Assert.All(parsed.Problems, p => Assert.Equal(ProblemCodes.UnknownUnit, p.Code));

        // Suggesting the nearest names for an unknown unit costs about 34 KB a row, all of it short-lived.
        AssertWithinBound(allocated, 128L * 1024 * 1024);
    }

    [Fact]
    public void CsvFieldLongerThanACellIsRejectedWhereItStands()
    {
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,400\nSở Tư pháp,\"" + new string('9', 40_000) + "\",400\n";

        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/long.csv", ProblemCodes.FileTooLarge);

        Assert.Equal((3, "B"), (problem.Row, problem.Column));
        Assert.Contains("Ô có nội dung", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvRecordLongerThanACellWhoseFieldsAreNotIsNotRejectedForItsSize()
    {
        // Two notes of 20,000 characters each: the record is longer than a cell may be, no field is.
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Ghi chú,Ghi chú khác\nSở Tài chính,420,400,"
            + new string('a', 20_000) + "," + new string('b', 20_000) + "\n";

        var (parsed, _) = Measure(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/notes.csv");

        Assert.NotEqual(UploadStatus.Rejected, parsed.Status);
        Assert.DoesNotContain(parsed.Problems, p => p.Code == ProblemCodes.FileTooLarge);
        Assert.NotEmpty(parsed.Observations);
    }

    [Fact]
    public void FileOverItsTimeBudgetIsRejectedAsTooLarge()
    {
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n" + string.Concat(Enumerable.Repeat("Sở Tài chính,420,400\n", 50));

        var problem = RejectedWithin(Encoding.UTF8.GetBytes(csv), "so-tttt/2023-08/slow.csv", ProblemCodes.FileTooLarge, new UploadLimits { MaxReadTime = TimeSpan.FromTicks(1) });

        Assert.Contains("thời gian", problem.Message, StringComparison.Ordinal);
    }

    private static UploadProblem RejectedWithin(byte[] file, string path, string code, UploadLimits? limits = null, long bound = MemoryBound)
    {
        var (parsed, allocated) = Measure(file, path, limits);

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(code, problem.Code);
        AssertWithinBound(allocated, bound);
        return problem;
    }

    private static (ParsedUpload Parsed, long Allocated) Measure(byte[] file, string path, UploadLimits? limits = null)
    {
        var parser = new UploadParser(Reference, TimeProvider.System, limits);
        using var content = new MemoryStream(file, writable: false);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var parsed = parser.Parse(content, UploadPath.Parse(path));
        return (parsed, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static void AssertWithinBound(long allocated, long bound = MemoryBound) =>
        Assert.True(allocated < bound, $"Reading allocated {allocated:N0} bytes; the bound is {bound:N0}.");

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(12).NextBytes(bytes);
        return bytes;
    }

    private static void WriteZeros(Stream stream, long length)
    {
        var zeros = new byte[1024 * 1024];
        for (long written = 0; written < length; written += zeros.Length)
        {
            stream.Write(zeros);
        }
    }
}
