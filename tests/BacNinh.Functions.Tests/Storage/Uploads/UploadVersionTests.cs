using BacNinh.Core.Uploaders;
using BacNinh.Storage.Uploads;

namespace BacNinh.Functions.Tests.Storage.Uploads;

public sealed class UploadVersionTests
{
    private static readonly DateTimeOffset UploadedAt = new(2023, 8, 31, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void VersionCarriesItsParsedPathAndComputesItsIdOnce()
    {
        var version = new UploadVersion(UploadPath.Parse("so-tttt/2023-08/bao-cao.xlsx"), "\"0x8DB\"", UploadedAt, 10, null);

        Assert.Equal("so-tttt", version.Path.Folder);
        Assert.Equal("2023-08", version.Path.Period?.ToString());
        Assert.Equal("uploads/so-tttt/2023-08/bao-cao.xlsx", version.BlobPath);
        Assert.Equal(UploadVersion.IdFor("so-tttt/2023-08/bao-cao.xlsx", "0x8DB"), version.UploadId);
        // The same instance every time: hashed in the constructor, not on each access (one per stored row).
        Assert.Same(version.UploadId, version.UploadId);
        Assert.Same(version.Order, version.Order);
        Assert.EndsWith("_" + version.UploadId, version.Order, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedAndBareETagsAreTheSameUpload()
    {
        var quoted = new UploadVersion(UploadPath.Parse("so-tttt/a.csv"), "\"0x1\"", UploadedAt, 1, null);
        var bare = new UploadVersion(UploadPath.Parse("so-tttt/a.csv"), "0x1", UploadedAt, 1, null);

        Assert.Equal(quoted.UploadId, bare.UploadId);
        Assert.Equal(quoted, bare);
    }

    [Fact]
    public void PendingSummaryIsTheProjectionOfTheVersion()
    {
        var version = new UploadVersion(UploadPath.Parse("bao-cao.xlsx"), "0x1", UploadedAt, 1, null);

        var pending = UploadSummary.Pending(version);

        Assert.Equal(UploadPath.NoFolder, pending.Folder);
        Assert.Equal(UploadSummary.PendingStatus, pending.Status);
        Assert.Equal("bao-cao.xlsx", pending.FileName);
        Assert.Equal(version.UploadId, pending.UploadId);
    }
}
