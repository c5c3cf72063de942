using Azure.Data.Tables;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Storage.Dossiers;

/// <summary>
/// The dossier records of one upload: every month a dossier may change is announced before any of
/// its rows is stored (the ingestor marks them pending there), and a month read back gives each id once.
/// </summary>
public sealed class DossierRecordStoreTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly Period May = new(2023, 5);

    [Fact]
    public async Task MonthsAreAnnouncedBeforeTheirFirstRowIsStored()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var reference = ReferenceData.LoadDefaults();
        var units = reference.Units.For(May).Units;
        var store = new DossierRecordStore(host.Storage, TimeProvider.System);
        var version = new UploadVersion(UploadPath.Parse($"so-tttt/{May}/ho-so.csv"), "0x1", DateTimeOffset.UtcNow, 1, null);
        var announced = new List<(Period[] Months, int RowsStored)>();
        var writer = store.OpenWriter(version, async (months, token) =>
        {
            announced.Add(([.. months.Order()], RowsOf(May).Count + RowsOf(May.Next).Count));
            await Task.Yield();
        }, cancellationToken);
        await using (writer)
        {
            for (var i = 0; i < 1_000; i++)
            {
                var received = May.Start.ToDateTime(new TimeOnly(8, 0)).AddDays(i % 31);
                DateTime? resolved = i % 2 == 0 ? received.AddDays(5) : null;
                writer.Add(new DossierRecord($"HS-{i}", units[i % units.Count], received, received.Date.AddDays(4), resolved, DossierChannel.InPerson, null, i + 2));
            }

            await writer.CompleteAsync();
        }

        Assert.Equal(0, announced[0].RowsStored);
        Assert.Equal([May, May.Next], announced.SelectMany(a => a.Months).Order());
        var current = new List<DossierRecord>();
        var scan = await store.ReadCurrentAsync(May, reference.Units, null, current.Add, cancellationToken);
        Assert.Equal((1_000L, 1_000L, 0L), (scan.RowsRead, scan.Current, scan.Superseded));
        Assert.Equal(1_000, current.Select(r => r.Id).Distinct().Count());
    }

    private List<TableEntity> RowsOf(Period month)
    {
        var (from, to) = DossierRecordKeys.Month(month);
        return [.. host.Storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["RowKey"])];
    }
}
