using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Storage.Uploads;

/// <summary>Unit codes come from replaceable reference data, so keys built from them must survive any character.</summary>
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
}
