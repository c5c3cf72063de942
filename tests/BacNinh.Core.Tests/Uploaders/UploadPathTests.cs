using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Tests.Uploaders;

public sealed class UploadPathTests
{
    [Theory]
    [InlineData("so-tttt/2023-08/bao-cao.xlsx", "so-tttt", "2023-08", "bao-cao.xlsx")]
    [InlineData("/so-tttt/bao-cao.xlsx", "so-tttt", null, "bao-cao.xlsx")]
    [InlineData("so-tttt/tong-hop/2023-08/bao-cao.xlsx", "so-tttt", null, "bao-cao.xlsx")]
    [InlineData("so-tttt/2023-08/thang-truoc/bao-cao.xlsx", "so-tttt", "2023-08", "bao-cao.xlsx")]
    public void PathIsReadOnceIntoFolderPeriodAndFileName(string name, string folder, string? period, string fileName)
    {
        var path = UploadPath.Parse(name);

        Assert.Equal(name.TrimStart('/'), path.Name);
        Assert.Equal(folder, path.Folder);
        Assert.True(path.HasFolder);
        Assert.Equal(period, path.Period?.ToString());
        Assert.Equal(fileName, path.FileName);
    }

    [Theory]
    [InlineData("bao-cao.xlsx")]
    [InlineData("so-tttt//bao-cao.xlsx")]
    [InlineData("../bao-cao.xlsx")]
    public void PathWithoutAnAgencyFolderHasTheOneNoFolderMark(string name)
    {
        var path = UploadPath.Parse(name);

        Assert.False(path.HasFolder);
        Assert.Equal(UploadPath.NoFolder, path.Folder);
        Assert.Null(path.Period);
    }

    [Fact]
    public void ParserTakesTheTypedPathAndRejectsAPathWithoutFolder()
    {
        var parsed = new UploadParser(ReferenceData.LoadDefaults(), TimeProvider.System)
            .Parse(new MemoryStream(Encoding.UTF8.GetBytes("Đơn vị,Tổng số văn bản,Số văn bản ký số\nSở Tư pháp,10,5\n")), UploadPath.Parse("bao-cao.csv"));

        Assert.Equal(UploadStatus.Rejected, parsed.Status);
        Assert.Equal(ProblemCodes.UnknownUploader, Assert.Single(parsed.Problems).Code);
        Assert.Equal(Period.Parse("2023-08"), UploadPath.Parse("so-tttt/2023-08/x.csv").Period);
    }
}
