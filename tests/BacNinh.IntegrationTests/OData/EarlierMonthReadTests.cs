using BacNinh.Core.Periods;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// A month computed before the first month a set holds (history loaded late) is read at once, by
/// OData and CSV alike, though the set's first stored month is looked up only once a minute: every
/// computed month has a pointer, and the pointers bound the months a read visits too.
/// </summary>
public sealed class EarlierMonthReadTests(VersionedMonthsFixture host) : IClassFixture<VersionedMonthsFixture>
{
    private readonly ODataClient _client = new(host.Http);

    [Fact]
    public async Task IsServedWithinSecondsOfItsComputation()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var model = await _client.ReadModelAsync(cancellationToken);
        var december = new Period(2022, 12);
        var before = await VersionedMonthReadTests.CsvLinesAsync(host.Http, $"/api/datasets/Observations.csv?period={december}", cancellationToken);
        Assert.Single(before);
        _ = await _client.ReadAllAsync(model, "Observations", "/api/odata/Observations", cancellationToken);

        await host.ComputeAsync(december, VersionedMonthsFixture.Served, DateTimeOffset.UtcNow);

        var december2022 = Uri.EscapeDataString("Period le '2022-12'");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<IReadOnlyDictionary<string, object?>> rows;
        do
        {
            // Pointers are read at most once a second per host; a month computed is served within seconds.
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            (rows, _, _) = await _client.ReadAllAsync(model, "Observations", $"/api/odata/Observations?$filter={december2022}", cancellationToken);
        }
        while (rows.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(2 * VersionedMonthsFixture.UnitsPerIndicator, rows.Count);
        var csv = await VersionedMonthReadTests.CsvLinesAsync(host.Http, "/api/datasets/Observations.csv", cancellationToken);
        Assert.Contains(csv, l => l.StartsWith("2022-12,", StringComparison.Ordinal) || l.Contains(",2022-12,", StringComparison.Ordinal));
    }
}
