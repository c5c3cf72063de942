using System.Net;
using System.Text.Json;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// Paging that never re-reads: orders the table's keys give as key ranges, other orders month by
/// month, and the requests that would sort, count or skip through the whole set refused with a 400.
/// </summary>
public sealed class ODataPagingTests(ODataHostFixture host) : IClassFixture<ODataHostFixture>
{
    private readonly ODataClient _client = new(host.Http);

    [Fact]
    public async Task PagesInDescendingMonthOrderReturnEveryRowOnceInOrder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (rows, pages, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations?$orderby=PeriodStart desc,Rate desc,UnitCode", cancellationToken);

        Assert.Equal(36, rows.Count);
        Assert.True(pages >= 36 / ODataHostFixture.PageSize, $"{pages} pages");
        Assert.Equal(36, rows.Select(r => $"{r["Period"]}|{r["IndicatorCode"]}|{r["UnitCode"]}").Distinct().Count());
        var expected = rows.OrderByDescending(r => (string)r["Period"]!, StringComparer.Ordinal).ThenByDescending(r => (decimal?)r["Rate"])
            .ThenBy(r => (string)r["UnitCode"]!, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task AscendingPeriodOrderIsTheKeyOrderAndMatchesTheDefaultPages()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (ordered, _, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations?$orderby=Period,IndicatorCode", cancellationToken);
        var (unordered, _, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);

        Assert.Equal(unordered.Select(Key), ordered.Select(Key));
    }

    [Theory]
    [InlineData("/api/odata/Observations?$orderby=Rate desc", "UnsupportedOrderBy")]
    [InlineData("/api/odata/Observations?$orderby=IndicatorCode,PeriodStart", "UnsupportedOrderBy")]
    [InlineData("/api/odata/Observations?$count=true", "UnsupportedCount")]
    [InlineData("/api/odata/Observations?$filter=PeriodStart ge 2023-07-01&$count=true", "UnsupportedCount")]
    [InlineData("/api/odata/Observations?$skip=10001", "UnsupportedSkip")]
    public async Task RequestsThatWouldReadTheWholeSetAreRefused(string url, string code)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync(url, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnyOrderAndACountAreServedWithinOneMonth()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);
        const string month = "PeriodStart ge 2023-07-01 and PeriodStart lt 2023-08-01";

        var (rows, _, count) = await _client.ReadAllAsync(model, "Observations", $"/api/odata/Observations?$filter={Uri.EscapeDataString(month)}&$orderby=Rate desc,UnitCode&$count=true", cancellationToken);

        Assert.Equal(12, count);
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.Equal("2023-07", r["Period"]));
        var rates = rows.Select(r => (decimal?)r["Rate"]).ToList();
        Assert.Equal(rates.OrderByDescending(r => r), rates);
    }

    [Fact]
    public async Task SkipResumesWhereAnEarlierPageOfTheSameQueryEnded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);

        var (all, _, _) = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);
        var first = await _client.ReadPageAsync(model, "Observations", "/api/odata/Observations?$top=5", cancellationToken);
        var second = await _client.ReadPageAsync(model, "Observations", "/api/odata/Observations?$top=5&$skip=5", cancellationToken);
        var third = await _client.ReadPageAsync(model, "Observations", "/api/odata/Observations?$top=5&$skip=10", cancellationToken);

        Assert.Equal(all.Take(15).Select(Key), first.Rows.Concat(second.Rows).Concat(third.Rows).Select(Key));
    }

    [Fact]
    public async Task DatasetETagChangesWhenItsMonthIsSwitchedToAnotherComputation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // A month after the fixture's rows: reads end at the newest pointer, as every computation switches one and the
        // newest month computed is never older than the rows written before versioning. A pointer older than the rows
        // would end the other tests' reads before them, in whichever order the tests run.
        const string url = "/api/datasets/Observations.csv?period=2023-09";
        using var before = await host.Http.GetAsync(url, cancellationToken);

        var versions = new MonthVersions(host.Storage);
        Assert.NotNull(await versions.SwitchAsync(new Period(2023, 9), "v1", null, DateTimeOffset.UtcNow, cancellationToken));

        // The months' pointers are read once a second for every request of the process: the switch is served within seconds.
        using var after = await Eventually.GetAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
            var response = await host.Http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                response.Dispose();
                return null;
            }

            return response;
        }, TimeSpan.FromSeconds(15), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    private static string Key(IReadOnlyDictionary<string, object?> row) => $"{row["Period"]}|{row["IndicatorCode"]}|{row["UnitCode"]}";
}
