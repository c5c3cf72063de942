using System.Text;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// Reads of a versioned set go month by month, each storage query confined to one month and the
/// computation it serves: every served row comes once and in key order, across a month without a
/// pointer and months with none at all, and no row of a kept, crashed or pre-versioning computation
/// of a month with a pointer is served.
/// </summary>
public sealed class VersionedMonthReadTests(VersionedMonthsFixture host) : IClassFixture<VersionedMonthsFixture>
{
    private const int RowsServed = 3 * 2 * VersionedMonthsFixture.UnitsPerIndicator;

    private readonly ODataClient _client = new(host.Http);

    [Fact]
    public async Task EveryODataPageTogetherIsEveryServedRowOnceInKeyOrder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (rows, pages, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);

        Assert.Equal(RowsServed, rows.Count);
        Assert.True(pages >= RowsServed / VersionedMonthsFixture.PageSize, $"{pages} pages");
        Assert.All(rows, r => Assert.Equal(VersionedMonthsFixture.Served, r["Numerator"]));
        var keys = rows.Select(Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(RowsServed, keys.Distinct().Count());
        Assert.Equal(["2023-01", "2023-02", "2023-03"], rows.Select(r => (string)r["Period"]!).Distinct());
    }

    [Fact]
    public async Task PagesReadAgainAreTheSameBytesFromTheirKeptBlobs()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await RawPagesAsync(cancellationToken);
        var again = await RawPagesAsync(cancellationToken);

        Assert.True(first.Count >= RowsServed / VersionedMonthsFixture.PageSize, $"{first.Count} pages");
        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Body, again[i].Body);
            Assert.Equal(first[i].ContentType, again[i].ContentType);
            Assert.Equal(again[i].Body.Length, again[i].Length);
            Assert.Equal("4.0", again[i].Version);
        }

        await host.BodyCopiesWrittenAsync();
        var container = host.Storage.Blobs.GetBlobContainerClient(BacNinh.Storage.StorageNames.DatasetBodiesContainer);
        var kept = await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "odata-pages/", cancellationToken).CountAsync(cancellationToken);
        Assert.True(kept >= first.Count, $"{kept} pages kept of {first.Count}");
    }

    [Fact]
    public async Task TheWholeCsvHoldsTheSameRowsAsThePages()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var lines = await CsvLinesAsync(host.Http, "/api/datasets/Observations.csv", cancellationToken);

        var header = lines[0].Split(',');
        var numerator = Array.IndexOf(header, "Numerator");
        var period = Array.IndexOf(header, "Period");
        Assert.Equal(RowsServed, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal(VersionedMonthsFixture.Served.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Split(',')[numerator]));
        Assert.Equal(["2023-01", "2023-02", "2023-03"], lines.Skip(1).Select(l => l.Split(',')[period]).Distinct());
    }

    [Fact]
    public async Task AnIncrementalRefreshOfAMonthReadsOnlyItsServedComputation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);
        var filter = Uri.EscapeDataString("PeriodStart ge 2023-03-01 and PeriodStart lt 2023-04-01");

        var (rows, _, _) = await _client.ReadAllAsync(model, "Observations", $"/api/odata/Observations?$filter={filter}", cancellationToken);

        Assert.Equal(2 * VersionedMonthsFixture.UnitsPerIndicator, rows.Count);
        Assert.All(rows, r => Assert.Equal("2023-03", r["Period"]));
        Assert.All(rows, r => Assert.Equal(VersionedMonthsFixture.Served, r["Numerator"]));
    }

    /// <summary>Every page of the unfiltered set as it came over the wire, following each page's next link.</summary>
    private async Task<List<(byte[] Body, string? ContentType, long? Length, string? Version)>> RawPagesAsync(CancellationToken cancellationToken)
    {
        var pages = new List<(byte[], string?, long?, string?)>();
        for (string? next = "/api/odata/Observations"; next is not null;)
        {
            using var response = await host.Http.GetAsync(next, cancellationToken);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            pages.Add((body, response.Content.Headers.ContentType?.ToString(), response.Content.Headers.ContentLength,
                response.Headers.TryGetValues("OData-Version", out var v) ? string.Join(',', v) : null));
            next = System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }

        return pages;
    }

    internal static async Task<List<string>> CsvLinesAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken)).TrimStart('\uFEFF');
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];
    }

    private static string Key(IReadOnlyDictionary<string, object?> row) => $"{row["Period"]}_{row["IndicatorCode"]}|{row["UnitCode"]}";
}
