using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using BacNinh.Core.Periods;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using BacNinh.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// Which pages of a read a process looks for among the pages kept as blobs: the first always; the next ones only
/// when the first was found kept. Two local hosts on one account and one address, one after the other, stand for
/// two instances of the app; every page is kept as a blob.
/// </summary>
public sealed class KeptPageLookupTests
{
    private const int PageSize = 2;

    private static readonly Period[] Months = [new(2024, 1), new(2024, 2)];

    [Fact]
    public async Task AReadWhoseFirstPageWasBuiltBuildsItsNextPagesWithoutLookingForThemAndTheNextProcessFetchesThemAll()
    {
        var (first, second) = await ReadByTwoProcessesAsync();

        Assert.Equal(Months.Length * 2 * 3 / PageSize, first.Pages);
        Assert.Equal(1, PageLookups(first.Sent));
        Assert.Contains(first.Sent, r => r.Contains("/Observations()", StringComparison.Ordinal));

        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Pages, PageLookups(second.Sent));
        Assert.DoesNotContain(second.Sent, r => r.Contains("/Observations()", StringComparison.Ordinal));
    }

    private static async Task<(Read First, Read Second)> ReadByTwoProcessesAsync()
    {
        var account = SharedAzurite.Current.NextAccount();

        // One address for both, as instances behind one host name: a kept page is named by its service root too.
        string[] args = ["--urls", $"http://127.0.0.1:{FreePort()}", "--ODataFeedOptions:PageSize=" + PageSize, "--DatasetBodies:BlobBodyKilobytes=0"];
        Read first;
        await using (var host = await LocalHostApp.CreateAsync(args, account))
        {
            await host.App.StartAsync();
            await SmallMonths.ComputeAsync(StorageAccount.FromConnectionString(host.StorageConnection), Months);
            first = await ReadEveryPageAsync(host);
        }

        await using var again = await LocalHostApp.CreateAsync(args, account);
        await again.App.StartAsync();
        return (first, await ReadEveryPageAsync(again));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int PageLookups(IReadOnlyList<string> sent) =>
        sent.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("/dataset-bodies/" + Functions.Serving.OData.ODataFeed.PagesPrefix + "/", StringComparison.Ordinal));

    private static async Task<Read> ReadEveryPageAsync(LocalHostInstance host)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var requests = new StorageRequests();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.App.Services.GetRequiredService<DevelopmentIssuer>().CreateToken([AppRoles.DatasetsRead]));
        http.DefaultRequestHeaders.Add("traceparent", requests.TraceParent);
        var client = new ODataClient(http);
        var model = await client.ReadModelAsync(cancellationToken);
        var (rows, pages, _) = await client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);
        await host.App.Services.GetRequiredService<BodyStore>().CopiesWrittenAsync();
        return new Read(rows, pages, requests.Sent);
    }

    /// <summary>Every page of a read by one process, and the storage requests it sent for them.</summary>
    private sealed record Read(List<IReadOnlyDictionary<string, object?>> Rows, int Pages, IReadOnlyList<string> Sent);
}
