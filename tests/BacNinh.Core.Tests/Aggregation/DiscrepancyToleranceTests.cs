using BacNinh.Core.Aggregation;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Aggregation;

/// <summary>The §2b line: a typed rate more than one point from its record rate is listed; one point or less is not.</summary>
public sealed class DiscrepancyToleranceTests
{
    private static readonly Period March = new(2025, 3);

    private static UnitObservation Figure(string unit, long numerator, long denominator, string sheet) =>
        new(March, "ONLINE_DOSSIERS", unit, unit, Tier.Commune, null, numerator, denominator, 100m * numerator / denominator,
            new Dictionary<string, long>(), sheet, 2);

    [Theory]
    [InlineData(510, 1000, false)] // exactly 1 point above
    [InlineData(490, 1000, false)] // exactly 1 point below
    [InlineData(495, 1000, false)] // half a point
    [InlineData(5101, 10000, true)] // 1,01 points above
    [InlineData(4899, 10000, true)] // 1,01 points below
    [InlineData(700, 1000, true)]
    public void OnlyDifferencesOverOnePointAreListed(long typedOnline, long typedAll, bool listed)
    {
        var found = ReportDiscrepancies.Find([Figure("C1", typedOnline, typedAll, "typed")], [Figure("C1", 50, 100, "records")]);

        Assert.Equal(listed ? ["C1"] : [], found.Select(d => d.UnitCode));
        if (listed)
        {
            var d = found[0];
            Assert.Equal((typedOnline, typedAll, 50L, 100L), (d.ReportedNumerator!.Value, d.ReportedDenominator!.Value, d.RecordNumerator, d.RecordDenominator));
            Assert.Equal(100m * typedOnline / typedAll - 50m, d.DifferencePoints);
        }
    }
}
