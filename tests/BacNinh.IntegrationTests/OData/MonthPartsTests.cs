using System.Text;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// A versioned set's CSV and JSON bodies are kept month by month: a later read is the same bytes,
/// with its length, and after one month is recomputed the next whole read writes that month's part
/// again and no other, and is exactly the months read one by one put together.
/// </summary>
public sealed class MonthPartsTests(VersionedMonthsFixture host) : IClassFixture<VersionedMonthsFixture>
{
    private const int RowsServed = 3 * 2 * VersionedMonthsFixture.UnitsPerIndicator;

    [Fact]
    public async Task ARecomputedMonthIsTheOnlyPartWrittenAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (csv, _) = await GetAsync("/api/datasets/Observations.csv", cancellationToken);
        var (json, _) = await GetAsync("/api/datasets/Observations.json", cancellationToken);
        var (csvAgain, csvLength) = await GetAsync("/api/datasets/Observations.csv", cancellationToken);
        var (jsonAgain, jsonLength) = await GetAsync("/api/datasets/Observations.json", cancellationToken);
        var keptBefore = await KeptPartsAsync(cancellationToken);

        Assert.Equal(csv, csvAgain);
        Assert.Equal(json, jsonAgain);
        Assert.Equal(csvAgain.Length, csvLength);
        Assert.Equal(jsonAgain.Length, jsonLength);
        Assert.Equal(RowsServed, JsonDocument.Parse(json).RootElement.GetArrayLength());

        await host.ComputeAsync(VersionedMonthsFixture.March, numerator: 5, DateTimeOffset.UtcNow);

        // The months' pointers are read once a second for every request of the process: the switch is served within seconds.
        var recomputed = await Eventually.GetAsync(async () =>
        {
            var (body, _) = await GetAsync("/api/datasets/Observations.csv", cancellationToken);
            return body.SequenceEqual(csvAgain) ? null : body;
        }, TimeSpan.FromSeconds(15), cancellationToken);
        var (recomputedJson, _) = await GetAsync("/api/datasets/Observations.json", cancellationToken);
        var keptAfter = await KeptPartsAsync(cancellationToken);

        var months = new List<byte[]>();
        foreach (var month in new[] { VersionedMonthsFixture.January, VersionedMonthsFixture.February, VersionedMonthsFixture.March })
        {
            months.Add((await GetAsync($"/api/datasets/Observations.csv?period={month}", cancellationToken)).Body);
        }

        var header = csv.AsSpan(0, csv.AsSpan().IndexOf((byte)'\n') + 1).ToArray();
        Assert.Equal([.. header, .. months.SelectMany(m => m.Skip(header.Length))], recomputed);
        var (period, numerator) = (Array.IndexOf(Header(csv), "Period"), Array.IndexOf(Header(csv), "Numerator"));
        var numerators = Encoding.UTF8.GetString(recomputed).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .GroupBy(l => l.Split(',')[period]).ToDictionary(g => g.Key, g => g.Select(l => l.Split(',')[numerator]).Distinct().Single());
        Assert.Equal(new Dictionary<string, string> { ["2023-01"] = "2", ["2023-02"] = "2", ["2023-03"] = "5" }, numerators);
        var objects = JsonDocument.Parse(recomputedJson).RootElement.EnumerateArray().ToList();
        Assert.Equal(RowsServed, objects.Count);
        Assert.Equal(2 * VersionedMonthsFixture.UnitsPerIndicator, objects.Count(o => o.GetProperty("Numerator").GetInt64() == 5));

        // One part per format written again (March's), every other kept as it was.
        Assert.Equal(keptBefore.Keys.Order(), keptAfter.Keys.Order());
        Assert.Equal(2, keptAfter.Count(k => keptBefore[k.Key] != k.Value));
    }

    private static string[] Header(byte[] csv) => Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split("\r\n")[0].Split(',');

    private async Task<(byte[] Body, long? Length)> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentLength);
    }

    /// <summary>Every kept body of the set and its blob's ETag (which changes when it is written again).</summary>
    private async Task<Dictionary<string, string>> KeptPartsAsync(CancellationToken cancellationToken)
    {
        await host.BodyCopiesWrittenAsync();
        var container = host.Storage.Blobs.GetBlobContainerClient(BacNinh.Storage.StorageNames.DatasetBodiesContainer);
        return await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "Observations/", cancellationToken)
            .ToDictionaryAsync(b => b.Name, b => b.Properties.ETag!.Value.ToString(), cancellationToken: cancellationToken);
    }
}
