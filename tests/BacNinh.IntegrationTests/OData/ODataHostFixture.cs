using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Datasets;

namespace BacNinh.IntegrationTests.OData;

/// <summary>The local host with a small OData page size and known rows in the Observations and TierAggregates tables.</summary>
public sealed class ODataHostFixture : LocalHostFixture
{
    public const int PageSize = 7;

    public static readonly Period[] Periods = [new(2023, 6), new(2023, 7), new(2023, 8)];

    // Every body kept as a blob too, however small: these rows are few, and the tests read the blob tier.
    protected override IEnumerable<string> ExtraArguments => ["--ODataFeedOptions:PageSize=" + PageSize, "--DatasetBodies:BlobBodyKilobytes=0"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var observations = Storage.Tables.GetTableClient(StorageNames.ObservationsTable);
        var tiers = Storage.Tables.GetTableClient(StorageNames.TierAggregatesTable);
        foreach (var period in Periods)
        {
            foreach (var indicator in new[] { "DOC_SIGNED", "ONLINE_DOSSIERS" })
            {
                var batch = new List<TableTransactionAction>();
                for (var i = 0; i < 6; i++)
                {
                    var code = $"U{i:D2}";
                    batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(TableKeys.PeriodIndicator(period, indicator), code)
                    {
                        ["Period"] = period.ToString(),
                        ["PeriodStart"] = ObservationEntities.PeriodStart(period),
                        ["IndicatorCode"] = indicator,
                        ["Tier"] = i < 3 ? "province" : "commune",
                        ["UnitCode"] = code,
                        ["UnitName"] = i == 5 ? "=HYPERLINK(\"http://x\")" : $"Đơn vị {i}",
                        ["Numerator"] = 10L * i,
                        ["Denominator"] = 70L,
                        ["Rate"] = DecimalText.Format(Math.Round(1000m * i / 70m, 10) / 10m + 0.0000000001m * period.Month),
                        ["RankInTier"] = 6 - i,
                        ["UpdatedAt"] = new DateTimeOffset(2023, 9, 1, 0, 0, 0, TimeSpan.Zero),
                    }));
                }

                await observations.SubmitTransactionAsync(batch);
                await tiers.UpsertEntityAsync(new TableEntity(TableKeys.PeriodIndicator(period, indicator), "province")
                {
                    ["Period"] = period.ToString(),
                    ["PeriodStart"] = ObservationEntities.PeriodStart(period),
                    ["IndicatorCode"] = indicator,
                    ["Tier"] = "province",
                    ["MeanRate"] = "12.3456789012345678",
                });
            }
        }
    }
}
