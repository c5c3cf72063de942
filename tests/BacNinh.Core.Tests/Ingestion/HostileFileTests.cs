using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using BacNinh.Testing;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>Files that must be rejected with a clear code, never crash the function.</summary>
public sealed class HostileFileTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();

    private static ParsedUpload Parse(byte[] content, string path, UploadLimits? limits = null) =>
        new UploadParser(Reference, TimeProvider.System, limits).Parse(new MemoryStream(content), UploadPath.Parse(path));

    private static UploadProblem SingleFileProblem(ParsedUpload parsed)
    {
        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Empty(parsed.Observations);
        var problem = Assert.Single(parsed.Problems);
        Assert.Null(problem.Row);
        return problem;
    }

    [Fact]
    public void ZipBombIsRejectedFromItsCentralDirectoryBeforeAnyReading()
    {
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        var problem = SingleFileProblem(Parse(bomb.ToArray(), "so-tttt/2023-08/bomb.xlsx"));

        Assert.Equal(ProblemCodes.FileTooLarge, problem.Code);
        Assert.Contains("zip bomb", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkbookLargerThanTheUncompressedLimitIsRejected()
    {
        using var workbook = new MemoryStream();
        LargeWorkbook.Write(workbook, 5_000, i => $"Đơn vị {i}");

        var problem = SingleFileProblem(Parse(workbook.ToArray(), "so-tttt/2023-08/big.xlsx", new UploadLimits { MaxUncompressedBytes = 100_000 }));

        Assert.Equal(ProblemCodes.FileTooLarge, problem.Code);
    }

    [Fact]
    public void FileOverTheSizeLimitIsRejected()
    {
        var problem = SingleFileProblem(Parse(new byte[2048], "so-tttt/2023-08/big.csv", new UploadLimits { MaxFileBytes = 1024 }));

        Assert.Equal(ProblemCodes.FileTooLarge, problem.Code);
    }

    [Fact]
    public void PasswordProtectedWorkbookIsRejectedAsEncrypted()
    {
        var problem = SingleFileProblem(Parse(EncryptedOfficeFile(), "so-tttt/2023-08/secret.xlsx"));

        Assert.Equal(ProblemCodes.CorruptFile, problem.Code);
        Assert.Contains("mật khẩu", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedWorkbookIsRejectedAsCorrupt()
    {
        var whole = File.ReadAllBytes(TestFiles.PathOf("CanonicalTemplateIsAccepted.xlsx"));

        var problem = SingleFileProblem(Parse(whole[..(whole.Length / 2)], "so-tttt/2023-08/cut.xlsx"));

        Assert.Equal(ProblemCodes.CorruptFile, problem.Code);
    }

    [Theory]
    [InlineData("so-tttt/2023-08/renamed.xlsx")]
    [InlineData("so-tttt/2023-08/renamed.xls")]
    public void TextRenamedToAWorkbookIsRejectedAsCorrupt(string path)
    {
        var problem = SingleFileProblem(Parse(Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi\nSở Tài chính,1"), path));

        Assert.Equal(ProblemCodes.CorruptFile, problem.Code);
    }

    [Fact]
    public void DamagedLegacyWorkbookIsRejectedAsCorrupt()
    {
        var whole = File.ReadAllBytes(TestFiles.PathOf("CanonicalTemplateIsAccepted.xls"));
        var damaged = whole[..2048];

        var problem = SingleFileProblem(Parse(damaged, "so-tttt/2023-08/damaged.xls"));

        Assert.Equal(ProblemCodes.CorruptFile, problem.Code);
    }

    [Fact]
    public void CsvThatIsNotUtf8IsRejectedWithTheEncodingNamed()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1258 = Encoding.GetEncoding(1258).GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420\n");

        var problem = SingleFileProblem(Parse(windows1258, "so-tttt/2023-08/ansi.csv"));

        Assert.Equal(ProblemCodes.CorruptFile, problem.Code);
        Assert.Contains("UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormulaErrorsAreNotANumberWithTheirPosition()
    {
        var parsed = new UploadParser(Reference, TimeProvider.System).Parse(TestFiles.Open(".xlsx"), UploadPath.Parse("so-tttt/2023-08/errors.xlsx"));

        Assert.Equal(
            [(3, "E", ProblemCodes.NotANumber), (3, "F", ProblemCodes.NotANumber), (4, "F", ProblemCodes.NotANumber)],
            parsed.Problems.Select(p => (p.Row!.Value, p.Column!, p.Code)));
        Assert.Contains("#DIV/0!", parsed.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("#VALUE!", parsed.Problems[2].Message, StringComparison.Ordinal);

        // 0 documents: the rate formula's #DIV/0! is expected, the unit reports without a rate.
        Assert.Equal(["P-STC", "P-STP"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Null(parsed.Observations[1].Rate);
    }

    [Fact]
    public void LegacyXlsFormulaErrorsReadAsBlankSoCountsAreMissingAndRatesFollowTheCounts()
    {
        // The same workbook saved as .xls: the served ExcelDataReader (3.6) reads an error cell as blank.
        using var content = new MemoryStream(File.ReadAllBytes(TestFiles.PathOf("FormulaErrorsAreNotANumberWithTheirPosition.xls")));

        var parsed = new UploadParser(Reference, TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/2023-08/errors.xls"));

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal((3, "E", ProblemCodes.NotANumber), (problem.Row!.Value, problem.Column!, problem.Code));
        Assert.Equal(["P-STC", "P-SYT", "P-STP"], parsed.Observations.Select(o => o.UnitCode));
        Assert.Equal(50m, parsed.Observations[1].Rate);
        Assert.Null(parsed.Observations[2].Rate);
    }

    [Fact]
    public void WorkbookOf200000RowsIsIngested()
    {
        const int rows = 200_000;
        var district = new Unit("D1", Tier.District, null, "Huyện Thử", "Thử", [], DateOnly.MinValue, null);
        var units = Enumerable.Range(0, rows)
            .Select(i => new Unit($"X{i:D6}", Tier.Commune, "D1", $"Xã Thử {i:D6}", string.Empty, [], DateOnly.MinValue, null))
            .Prepend(district);
        var reference = Reference with { Units = new UnitRegistry(units) };
        var path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (var file = File.Create(path))
            {
                LargeWorkbook.Write(file, rows, i => $"Xã Thử {i:D6}");
            }

            using var content = File.OpenRead(path);
            var parsed = new UploadParser(reference, TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/2023-08/rows.xlsx"));

            Assert.Empty(parsed.Problems);
            Assert.Equal(rows, parsed.RowsAccepted);
            Assert.Equal(new Period(2023, 8), parsed.Period);
            Assert.Equal(90m, parsed.Observations[0].Rate);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// What Excel writes for a password-protected workbook: an OLE compound file (not a zip)
    /// whose directory holds <c>EncryptionInfo</c> and <c>EncryptedPackage</c>.
    /// </summary>
    private static byte[] EncryptedOfficeFile()
    {
        var file = new byte[512 * 3];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x18), 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1A), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1C), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1E), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x20), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x30), 0);
        string[] names = ["Root Entry", "EncryptionInfo", "EncryptedPackage"];
        for (var i = 0; i < names.Length; i++)
        {
            var entry = 512 + (i * 128);
            var name = Encoding.Unicode.GetBytes(names[i] + "\0");
            name.CopyTo(file, entry);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(entry + 0x40), (ushort)name.Length);
            file[entry + 0x42] = (byte)(i == 0 ? 5 : 2);
        }

        return file;
    }
}
