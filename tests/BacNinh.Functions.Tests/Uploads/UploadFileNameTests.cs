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
    public void FileNameKeepsASafeLastSegment(string given, string expected)
    {
        Assert.True(UploadFileName.TrySanitize(given, out var name));
        Assert.Equal(expected, name);
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
