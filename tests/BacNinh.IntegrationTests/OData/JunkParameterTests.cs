using System.Net;
using System.Text.Json;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// Parameters the feed does not know are refused with an OData 400, so they can neither build and keep
/// pages of their own (any reader could fill the storage account) nor ride along in next links.
/// </summary>
public sealed class JunkParameterTests(ODataHostFixture host) : IClassFixture<ODataHostFixture>
{
    private const string Page = "/api/odata/Observations?$filter=Period eq '2023-07'";

    [Fact]
    public async Task TwoHundredReadsDifferingOnlyByAJunkParameterKeepNoNewPage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using (var first = await host.Http.GetAsync(Page, cancellationToken))
        {
            first.EnsureSuccessStatusCode();
        }

        var before = await KeptPagesAsync(cancellationToken);

        var answers = new List<(HttpStatusCode Status, string Code)>();
        for (var i = 0; i < 200; i++)
        {
            using var response = await host.Http.GetAsync($"{Page}&x={i}", cancellationToken);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            answers.Add((response.StatusCode, error.RootElement.GetProperty("error").GetProperty("code").GetString()!));
        }

        Assert.NotEmpty(before);
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.BadRequest, "UnsupportedQueryOption"), a));
        Assert.Equal(before, await KeptPagesAsync(cancellationToken));
    }

    [Fact]
    public async Task TheSameOptionsInAnotherOrderAreTheSamePageAndItsNextLinkHoldsOnlyThem()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = await host.Http.GetStringAsync("/api/odata/Observations?$top=10&$select=Rate&$filter=Tier eq 'province'", cancellationToken);
        var before = await KeptPagesAsync(cancellationToken);

        var reordered = await host.Http.GetStringAsync("/api/odata/Observations?$filter=Tier eq 'province'&$select=Rate&$top=10", cancellationToken);

        Assert.Equal(first, reordered);
        Assert.Equal(before, await KeptPagesAsync(cancellationToken));
        var next = new Uri(JsonDocument.Parse(first).RootElement.GetProperty("@odata.nextLink").GetString()!);
        Assert.Equal(["$filter", "$select", "$top", "$skiptoken"], next.Query.TrimStart('?').Split('&').Select(p => Uri.UnescapeDataString(p.Split('=')[0])));
    }

    private async Task<List<string>> KeptPagesAsync(CancellationToken cancellationToken)
    {
        await host.BodyCopiesWrittenAsync();
        var container = host.Storage.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer);
        return await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "odata-pages/", cancellationToken)
            .Select(b => b.Name).OrderBy(n => n, StringComparer.Ordinal).ToListAsync(cancellationToken);
    }
}
