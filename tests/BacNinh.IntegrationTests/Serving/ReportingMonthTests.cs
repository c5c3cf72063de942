using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;
using BacNinh.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BacNinh.IntegrationTests.Serving;

/// <summary>
/// An open-ended read ends at the month it is in Vietnam: at 17:30 UTC on 31 August it is already
/// 1 September in Bắc Ninh, so September's rows are served, though the UTC month is still August.
/// </summary>
public sealed class ReportingMonthTests(StorageAccountFixture fixture) : IClassFixture<StorageAccountFixture>
{
    private static readonly Period August = new(2023, 8);
    private static readonly Period September = new(2023, 9);

    [Fact]
    public async Task At1730UtcOnAMonthsLastDayTheNewMonthIsServed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await WriteRowAsync(August, cancellationToken);
        await WriteRowAsync(September, cancellationToken);
        var query = new DatasetQuery(DatasetCatalog.TierAggregates) { Served = await new MonthVersions(fixture.Storage).SnapshotAsync(cancellationToken) };

        var evening = await PeriodsServedAsync(new DateTimeOffset(2023, 8, 31, 17, 30, 0, TimeSpan.Zero), query, cancellationToken);
        var afternoon = await PeriodsServedAsync(new DateTimeOffset(2023, 8, 31, 16, 30, 0, TimeSpan.Zero), query, cancellationToken);

        Assert.Equal(["2023-08", "2023-09"], evening);
        Assert.Equal(["2023-08"], afternoon);
    }

    private async Task<List<string>> PeriodsServedAsync(DateTimeOffset now, DatasetQuery query, CancellationToken cancellationToken)
    {
        var table = new DatasetTable(fixture.Storage, new BulletinStore(fixture.Storage, new MonthVersions(fixture.Storage)), new FakeTimeProvider(now));
        return await table.ReadAsync(query, cancellationToken).Select(e => e.GetString("Period")).Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>A month's row as stored before versioning: no pointer, so only the month range decides whether it is read.</summary>
    private async Task WriteRowAsync(Period period, CancellationToken cancellationToken) =>
        await fixture.Storage.Tables.GetTableClient(StorageNames.TierAggregatesTable).UpsertEntityAsync(new TableEntity(TableKeys.PeriodIndicator(period, "DOC_SIGNED"), "province")
        {
            ["Period"] = period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(period),
            ["IndicatorCode"] = "DOC_SIGNED",
            ["Tier"] = "province",
            ["MeanRate"] = "50",
        }, cancellationToken: cancellationToken);
}
