using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Functions.Serving.Datasets;

namespace BacNinh.Functions.Tests.Datasets;

/// <summary>The dataset ETag names what decides a body, so it is known before any row is read.</summary>
public sealed class DatasetETagTests
{
    private static readonly DatasetFilter August = new(new Period(2023, 8), null, null);

    [Fact]
    public void ETagIsWeakAndTheSameForTheSameContentVersion()
    {
        var first = DatasetResult.ETagFor(DatasetCatalog.Observations, August, "csv", "2023-08=638300000000000000");
        var again = DatasetResult.ETagFor(DatasetCatalog.Observations, new DatasetFilter(new Period(2023, 8), null, null), "csv", "2023-08=638300000000000000");

        Assert.True(first.IsWeak);
        Assert.Equal(first, again);
    }

    [Fact]
    public void ETagChangesWithTheVersionTheFilterTheFormatAndTheSet()
    {
        var tags = new[]
        {
            DatasetResult.ETagFor(DatasetCatalog.Observations, August, "csv", "2023-08=1"),
            DatasetResult.ETagFor(DatasetCatalog.Observations, August, "csv", "2023-08=2"),
            DatasetResult.ETagFor(DatasetCatalog.Observations, August, "json", "2023-08=1"),
            DatasetResult.ETagFor(DatasetCatalog.Observations, August with { Tier = "province" }, "csv", "2023-08=1"),
            DatasetResult.ETagFor(DatasetCatalog.Observations, August with { IndicatorCode = "DOC_SIGNED" }, "csv", "2023-08=1"),
            DatasetResult.ETagFor(DatasetCatalog.TierAggregates, August, "csv", "2023-08=1"),
        };

        Assert.Equal(tags.Length, tags.Select(t => t.Tag.ToString()).Distinct().Count());
    }
}
