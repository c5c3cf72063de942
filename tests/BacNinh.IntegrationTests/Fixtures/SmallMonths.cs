using BacNinh.Core.Aggregation;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>Months computed as a recomputation leaves them, small enough to count every storage request of a read.</summary>
public static class SmallMonths
{
    /// <summary>Each month computed once (two indicators, three communes: six rows) and switched in.</summary>
    public static async Task ComputeAsync(StorageAccount storage, IEnumerable<Period> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        var store = new AggregationStore(storage);
        var versions = new MonthVersions(storage);
        var at = DateTimeOffset.UtcNow;
        foreach (var month in months)
        {
            var version = MonthVersions.NewVersion(at);
            foreach (var indicator in new[] { "DOC_SIGNED", "ONLINE_DOSSIERS" })
            {
                var units = Enumerable.Range(0, 3).Select(u => new UnitResult(month, indicator, Tier.Commune, $"U{u:D2}", $"Xã {u:D2}", "D01", "Huyện 01",
                    u + 1, 10, (u + 1) * 10m, 80m, false, null, null, u + 1, new Dictionary<string, long>())).ToList();
                await store.SaveAsync(new PeriodAggregation(month, indicator, units, [], [], []), at, version);
            }

            Assert.NotNull(await versions.SwitchAsync(month, version, await versions.GetAsync(month), at));
        }
    }
}
