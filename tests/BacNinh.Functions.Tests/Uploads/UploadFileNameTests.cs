using System.Globalization;
using System.Text;
using BacNinh.Functions.Uploads;
using BacNinh.Storage.Uploads;

namespace BacNinh.Functions.Tests.Uploads;

public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("bao-cao.xlsx", "bao-cao.xlsx")]
    [InlineData("../../so-tttt/bao-cao.xlsx", "bao-cao.xlsx")]
    [InlineData("C:\\fakepath\\Báo cáo tháng 8.xlsx", "Báo cáo tháng 8.xlsx")]
    [InlineData("bao\u0000cao\r\n.csv", "baocao.csv")]
    [InlineData("..\u2028bao....csv", "bao.csv")]
    [InlineData("  .bao-cao.xls.  ", "bao-cao.xls")]
    [InlineData("bao-cao . . ", "bao-cao")]
    public void FileNameKeepsASafeLastSegment(string given, string expected)
    {
        Assert.True(UploadFileName.TrySanitize(given, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("bao-cao\u202Exslx.exe", "bao-caoxslx.exe")] // right-to-left override: shown as "bao-caoexe.xlsx"
    [InlineData("bao\u200Bcao\u200D.xlsx", "baocao.xlsx")] // zero-width space and joiner
    [InlineData("\uFEFFbao-cao\u2066.csv\u2069", "bao-cao.csv")] // BOM, bidirectional isolates
    [InlineData("bao\U000E0041cao.xlsx", "baocao.xlsx")] // a tag character, outside the BMP
    public void FormatCharactersAreDropped(string given, string expected)
    {
        Assert.True(UploadFileName.TrySanitize(given, out var name));
        Assert.Equal(expected, name);
        Assert.DoesNotContain(name.EnumerateRunes(), r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Format);
    }

    [Theory]
    [InlineData(".xlsx")]
    [InlineData("")]
    public void ShorteningLeavesNoTrailingDot(string extension)
    {
        // The cut falls right after a dot of the stem: "…a." + ".xlsx" or a bare "…a.".
        var stem = new string('a', UploadFileName.MaxLength - extension.Length - 1) + ". b c d e f g h";

        Assert.True(UploadFileName.TrySanitize(stem + extension, out var name));

        Assert.True(name.Length <= UploadFileName.MaxLength);
        Assert.False(name.EndsWith('.'), name);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
        Assert.EndsWith("a" + extension, name, StringComparison.Ordinal);
    }

    [Fact]
    public void ShorteningNeverSplitsACharacterOutsideTheBmp()
    {
        Assert.True(UploadFileName.TrySanitize(new string('a', UploadFileName.MaxLength - 6) + string.Concat(Enumerable.Repeat("\U0001F4CA", 10)) + ".xlsx", out var name));

        Assert.True(name.Length <= UploadFileName.MaxLength);
        Assert.DoesNotContain(name.EnumerateRunes(), r => r == Rune.ReplacementChar);
        Assert.EndsWith(".xlsx", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a/")]
    [InlineData("..")]
    [InlineData("\u0001\u0002")]
    public void FileNameWithNothingLeftIsRefused(string? given)
    {
        Assert.False(UploadFileName.TrySanitize(given, out _));
    }

    [Fact]
    public void LongFileNameIsCutKeepingItsExtension()
    {
        Assert.True(UploadFileName.TrySanitize(new string('a', 300) + ".xlsx", out var name));
        Assert.Equal(UploadFileName.MaxLength, name.Length);
        Assert.EndsWith(".xlsx", name, StringComparison.Ordinal);
    }

    [Fact]
    public void TakenNameGetsTheFirstFreeSuffixBeforeItsExtension()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "x/2023-08/a.xlsx", "x/2023-08/a-2.xlsx", "x/2023-08/b" };

        Assert.Equal("x/2023-08/a-3.xlsx", UploadInbox.FreeName("x/2023-08/", "a.xlsx", taken));
        Assert.Equal("x/2023-08/b-2", UploadInbox.FreeName("x/2023-08/", "b", taken));
        Assert.Equal("x/2023-08/c.csv", UploadInbox.FreeName("x/2023-08/", "c.csv", taken));
    }
}
