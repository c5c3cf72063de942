using System.Text;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Serving;

/// <summary>
/// A reference set is rendered once per reference data and kept like a table set's body: read again, it
/// is the same bytes and ETag; once the registry is replaced, its new rows are served under a new ETag.
/// </summary>
public sealed class ReferenceSetBodyTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task TheRegistryIsServedTheSameUntilItIsReplacedThenWithANewETag()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (first, firstTag) = await GetAsync(cancellationToken);
        var (again, againTag) = await GetAsync(cancellationToken);

        using (var defaults = new StreamReader(ReferenceData.OpenDefault(ReferenceData.UnitsFile)))
        {
            var units = await defaults.ReadToEndAsync(cancellationToken) + "T0001,commune,256,Xã Thử Một,Thử Một,,2020-01-01,2025-06-30\n";
            await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReferenceData.UnitsFile)
                .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(units)), cancellationToken);
        }

        // The host reads the registry again within a minute (ReferenceDataStore.CacheFor).
        var (replaced, replacedTag) = await Eventually.GetAsync(async () => await GetAsync(cancellationToken) is var read && read.Body.Contains("Xã Thử Một", StringComparison.Ordinal) ? Tuple.Create(read.Body, read.Tag) : null,
            TimeSpan.FromSeconds(90), cancellationToken);

        Assert.Equal(first, again);
        Assert.Equal(firstTag, againTag);
        Assert.DoesNotContain("Xã Thử Một", first, StringComparison.Ordinal);
        Assert.NotEqual(firstTag, replacedTag);
        Assert.Equal(first.Split('\n').Length + 1, replaced.Split('\n').Length);
    }

    private async Task<(string Body, string Tag)> GetAsync(CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync("/api/datasets/Units.csv", cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.ETag!.Tag);
    }
}
