using Azure.Data.Tables;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// The local host (pages of <see cref="PageSize"/> rows) over Observations as a store lives with
/// them: January and March 2023 computed twice (the first computation still kept for readers in
/// flight), a third computation of March written but never switched in (a recompute that crashed),
/// February with rows from before versioning and no pointer, and a stray unversioned row in January.
/// </summary>
public sealed class VersionedMonthsFixture : LocalHostFixture
{
    public const int PageSize = 7;

    public const int UnitsPerIndicator = 5;

    public static readonly string[] Indicators = ["DOC_SIGNED", "ONLINE_DOSSIERS"];

    /// <summary>The numerator every row served carries; rows of other computations carry others.</summary>
    public const long Served = 2;

    public static readonly Period January = new(2023, 1);

    public static readonly Period February = new(2023, 2);

    public static readonly Period March = new(2023, 3);

    // Every page is kept as a blob too, as pages of a thousand rows are.
    // Every body kept as a blob too, however small: these rows are few, and the tests read the blob tier.
    protected override IEnumerable<string> ExtraArguments => ["--ODataFeedOptions:PageSize=" + PageSize, "--DatasetBodies:BlobBodyKilobytes=0"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var month in new[] { January, March })
        {
            await ComputeAsync(month, numerator: 1, now.AddMinutes(-2));
            await ComputeAsync(month, numerator: Served, now.AddMinutes(-1));
        }

        await WriteAsync(March, numerator: 3, MonthVersions.NewVersion(now));
        await WriteLegacyAsync(February, Served, UnitsPerIndicator);
        await WriteLegacyAsync(January, numerator: 4, units: 1);
    }

    /// <summary>Writes a computation of <paramref name="month"/> and switches the month's pointer to it at <paramref name="at"/>.</summary>
    public async Task ComputeAsync(Period month, long numerator, DateTimeOffset at)
    {
        var version = MonthVersions.NewVersion(at);
        await WriteAsync(month, numerator, version);
        var versions = new MonthVersions(Storage);
        var seen = await versions.GetAsync(month);
        Assert.NotNull(await versions.SwitchAsync(month, version, seen, at));
    }

    private async Task WriteAsync(Period month, long numerator, string version)
    {
        var store = new AggregationStore(Storage);
        foreach (var indicator in Indicators)
        {
            var units = Enumerable.Range(0, UnitsPerIndicator).Select(u => new UnitResult(month, indicator, Tier.Commune, $"U{u:D2}", $"Xã {u:D2}", "D01", "Huyện 01",
                numerator, 10, numerator * 10m, 80m, false, null, null, u + 1, new Dictionary<string, long>())).ToList();
            await store.SaveAsync(new PeriodAggregation(month, indicator, units, [], [], []), DateTimeOffset.UtcNow, version);
        }
    }

    private async Task WriteLegacyAsync(Period month, long numerator, int units)
    {
        var observations = Storage.Tables.GetTableClient(StorageNames.ObservationsTable);
        foreach (var indicator in Indicators)
        {
            for (var u = 0; u < units; u++)
            {
                await observations.UpsertEntityAsync(new TableEntity(TableKeys.PeriodIndicator(month, indicator), $"U{u:D2}")
                {
                    ["Period"] = month.ToString(),
                    ["PeriodStart"] = ObservationEntities.PeriodStart(month),
                    ["IndicatorCode"] = indicator,
                    ["Tier"] = "commune",
                    ["UnitCode"] = $"U{u:D2}",
                    ["Numerator"] = numerator,
                    ["Denominator"] = 10L,
                });
            }
        }
    }
}
