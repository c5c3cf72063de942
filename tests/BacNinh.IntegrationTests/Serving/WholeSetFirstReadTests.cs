using System.Net.Http.Headers;
using BacNinh.Core.Periods;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using BacNinh.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.Serving;

/// <summary>
/// What a new process's first read of a whole set costs storage: one listing of the month parts kept as
/// blobs, then a fetch of each part kept and a table query for each other month; never a round trip to
/// find that a part is not kept. Two local hosts on one account stand for two instances of the app.
/// </summary>
public sealed class WholeSetFirstReadTests
{
    private static readonly Period[] Months = [new(2024, 1), new(2024, 2), new(2024, 3), new(2024, 4)];

    [Fact]
    public async Task SmallPartsAreNotKeptAsBlobsSoANewProcessQueriesEachMonthWithoutLookingForThem()
    {
        var (first, second) = await ReadByTwoProcessesAsync(blobKilobytes: 64);

        Assert.Equal(first.Body, second.Body);
        Assert.Single(second.Sent, r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("/dataset-bodies?", StringComparison.Ordinal) && r.Contains("comp=list", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Sent, r => r.Contains("/dataset-bodies/", StringComparison.Ordinal));

        // The table's first month, then one query a month.
        Assert.Equal(1 + Months.Length, second.Sent.Count(r => r.Contains("/Observations()", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PartsKeptAsBlobsAreFetchedByANewProcessInsteadOfQueried()
    {
        var (first, second) = await ReadByTwoProcessesAsync(blobKilobytes: 0);

        Assert.Equal(first.Body, second.Body);
        Assert.Single(second.Sent, r => r.Contains("comp=list", StringComparison.Ordinal));
        Assert.Equal(Months.Length, second.Sent.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("/dataset-bodies/Observations/", StringComparison.Ordinal)));
        Assert.Equal(1, second.Sent.Count(r => r.Contains("/Observations()", StringComparison.Ordinal)));
    }

    private static async Task<((byte[] Body, IReadOnlyList<string> Sent) First, (byte[] Body, IReadOnlyList<string> Sent) Second)> ReadByTwoProcessesAsync(int blobKilobytes)
    {
        var account = SharedAzurite.Current.NextAccount();
        string[] args = ["--urls", "http://127.0.0.1:0", $"--DatasetBodies:BlobBodyKilobytes={blobKilobytes}"];
        (byte[], IReadOnlyList<string>) first;
        await using (var host = await LocalHostApp.CreateAsync(args, account))
        {
            await host.App.StartAsync();
            await SmallMonths.ComputeAsync(StorageAccount.FromConnectionString(host.StorageConnection), Months);
            first = await ReadWholeSetAsync(host);
            await host.App.Services.GetRequiredService<BodyStore>().CopiesWrittenAsync();
        }

        await using var again = await LocalHostApp.CreateAsync(args, account);
        await again.App.StartAsync();
        return (first, await ReadWholeSetAsync(again));
    }

    private static async Task<(byte[] Body, IReadOnlyList<string> Sent)> ReadWholeSetAsync(LocalHostInstance host)
    {
        using var requests = new StorageRequests();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/Observations.csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.App.Services.GetRequiredService<DevelopmentIssuer>().CreateToken([AppRoles.DatasetsRead]));
        request.Headers.Add("traceparent", requests.TraceParent);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        await host.App.Services.GetRequiredService<BodyStore>().CopiesWrittenAsync();
        return (body, requests.Sent);
    }
}
