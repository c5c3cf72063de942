using System.Net;
using Azure.Storage.Blobs;

namespace BacNinh.IntegrationTests.OData;

/// <summary>Dataset bodies are written once per content version, kept whole in a blob and served again from it.</summary>
public sealed class DatasetBodyTests(ODataHostFixture host) : IClassFixture<ODataHostFixture>
{
    [Theory]
    [InlineData("/api/datasets/Observations.csv?period=2023-07")]
    [InlineData("/api/datasets/Observations.json?indicator=ONLINE_DOSSIERS")]
    public async Task ABodyServedAgainFromItsBlobIsTheSameBytesUnderTheSameETag(string url)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var first = await host.Http.GetAsync(url, cancellationToken);
        var firstBytes = await first.Content.ReadAsByteArrayAsync(cancellationToken);
        var kept = await KeptBodiesAsync(cancellationToken);

        using var second = await host.Http.GetAsync(url, cancellationToken);
        var secondBytes = await second.Content.ReadAsByteArrayAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(firstBytes, secondBytes);
        Assert.Equal(secondBytes.Length, second.Content.Headers.ContentLength);
        Assert.NotEmpty(kept);
    }

    [Fact]
    public async Task ABodyIsTheSameBytesOnEveryLaterReadAndWhenItsBlobIsGone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const string url = "/api/datasets/Observations.csv?period=2023-08";
        var first = await host.Http.GetByteArrayAsync(url, cancellationToken);
        var second = await host.Http.GetByteArrayAsync(url, cancellationToken);
        var third = await host.Http.GetByteArrayAsync(url, cancellationToken);

        await host.BodyCopiesWrittenAsync();
        var container = host.Storage.Blobs.GetBlobContainerClient(BacNinh.Storage.StorageNames.DatasetBodiesContainer);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "Observations/", cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }

        using var afterDelete = await host.Http.GetAsync(url, cancellationToken);
        var rendered = await afterDelete.Content.ReadAsByteArrayAsync(cancellationToken);
        var again = await host.Http.GetByteArrayAsync(url, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, afterDelete.StatusCode);
        Assert.Contains((byte)'\n', first.AsSpan(first.AsSpan().IndexOf((byte)'\n') + 1).ToArray());
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(first, rendered);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task AFilterThatMatchesNothingKeepsNoBody()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var before = await KeptBodiesAsync(cancellationToken);

        using var response = await host.Http.GetAsync("/api/datasets/Observations.csv?indicator=NO_SUCH_INDICATOR", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await KeptBodiesAsync(cancellationToken));
    }

    private async Task<List<string>> KeptBodiesAsync(CancellationToken cancellationToken)
    {
        await host.BodyCopiesWrittenAsync();
        var container = host.Storage.Blobs.GetBlobContainerClient(BacNinh.Storage.StorageNames.DatasetBodiesContainer);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return [];
        }

        return await container.GetBlobsAsync(cancellationToken: cancellationToken).Select(b => b.Name).OrderBy(n => n, StringComparer.Ordinal).ToListAsync(cancellationToken);
    }
}
