using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Storage.Uploads;

/// <summary>
/// Unit codes come from replaceable reference data, so keys built from them must survive any character.
/// An upload set aside is taken back: what was current before it is current again.
/// </summary>
public sealed class UnitValueStoreTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task CodesWithCharactersTableKeysForbidAreStoredAndReadBackUnchanged()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2019, 1);
        string[] codes = ["P/01", @"P\02", "P#03", "P?04", "P%05", "P\t06", "P%2F01"];
        var observations = codes.Select((code, i) => new UnitObservation(period, "DOC_SIGNED", code, $"Đơn vị {i}", Tier.Province, null,
            90 + i, 100, 90m + i, new Dictionary<string, long>(), "Sheet1", i + 2)).ToList();
        var store = new UnitValueStore(host.Storage);

        await store.SaveAsync(new UploadVersion(UploadPath.Parse("so-tttt/2019-01/unsafe-keys.csv"), "0x1", DateTimeOffset.UtcNow, 1, null), DateTimeOffset.UtcNow, observations, cancellationToken);

        var current = await store.ListCurrentAsync(period, "DOC_SIGNED", [], cancellationToken);
        Assert.Equal(codes.Order(StringComparer.Ordinal), current.Select(o => o.UnitCode).Order(StringComparer.Ordinal));
        Assert.Equal(90L + Array.IndexOf(codes, "P#03"), current.Single(o => o.UnitCode == "P#03").Numerator);
        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"2019-01_DOC_SIGNED"}"), cancellationToken: cancellationToken).ToList();
        Assert.Equal(codes.Length, history.Count);
        Assert.All(history.Select(e => e.RowKey), key => Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)));
    }

    [Fact]
    public async Task TakingBackAnUploadMakesCurrentAgainWhatWasBeforeItAndKeepsNewerValues()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2019, 2);
        var store = new UnitValueStore(host.Storage);
        var start = DateTimeOffset.UtcNow;
        async Task<UploadVersion> SaveAsync(int order, params (string Unit, long Numerator)[] values)
        {
            var version = new UploadVersion(UploadPath.Parse($"so-tttt/2019-02/lan-{order}.csv"), $"0x{order}", start.AddMinutes(order), 1, null);
            await store.SaveAsync(version, start, [.. values.Select(v => new UnitObservation(period, "DOC_SIGNED", v.Unit, v.Unit, Tier.Province, null,
                v.Numerator, 100, v.Numerator, new Dictionary<string, long>(), "Sheet1", 2))], cancellationToken);
            return version;
        }

        await SaveAsync(1, ("P-A", 50), ("P-B", 60));
        var setAside = await SaveAsync(2, ("P-A", 70), ("P-B", 75), ("P-C", 80));
        await SaveAsync(3, ("P-B", 99));

        await store.TakeBackAsync(setAside.UploadId, [period], cancellationToken);
        await store.TakeBackAsync(setAside.UploadId, [period], cancellationToken);

        var current = await store.ListCurrentAsync(period, "DOC_SIGNED", [], cancellationToken);
        Assert.Equal([("P-A", 50L), ("P-B", 99L)], current.Select(o => (o.UnitCode, o.Numerator)).Order());
        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"2019-02_DOC_SIGNED"}"), cancellationToken: cancellationToken).ToList();
        Assert.Equal(3, history.Count);
        Assert.DoesNotContain(history, row => row.GetString("UploadId") == setAside.UploadId);
    }
}
