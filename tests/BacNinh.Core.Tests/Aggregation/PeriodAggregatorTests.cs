using BacNinh.Core.Aggregation;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

using static BacNinh.Core.Tests.UnitRows;

namespace BacNinh.Core.Tests.Aggregation;

public sealed class PeriodAggregatorTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period August = UnitRows.August2023;
    private readonly PeriodAggregator _aggregator = new(Reference);

    [Fact]
    public void MeanHeadlineAveragesUnitRatesAndPooledSumsCounts()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("DOC_SIGNED", "P-STC", 100, 100), Row("DOC_SIGNED", "P-SXD", 10, 20)], []);

        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal(75m, province.MeanRate);
        Assert.Equal(100m * 110 / 120, province.PooledRate);
        Assert.Equal(province.MeanRate, province.HeadlineRate);
        Assert.Equal(1, province.UnitsAtFullRate);
        Assert.Equal(1, province.UnitsMeetingTarget);
        Assert.Equal(22, province.UnitsExpected);
        Assert.Equal(20, result.Missing.Count(m => m.Tier == Tier.Province));
    }

    [Fact]
    public void PooledHeadlineLeavesOutRateOnlyRows()
    {
        var indicator = Reference.Indicators.Find("ONLINE_DOSSIERS")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("ONLINE_DOSSIERS", "P-STC", 30, 100), Row("ONLINE_DOSSIERS", "P-SXD", null, null, 90m)], []);

        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal(30m, province.HeadlineRate);
        Assert.Equal(60m, province.MeanRate);
    }

    [Fact]
    public void UnitWithZeroDenominatorReportsButHasNoRateRankOrTarget()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("DOC_SIGNED", "P-STC", 0, 0), Row("DOC_SIGNED", "P-SXD", 9, 10)], []);

        var idle = Assert.Single(result.Units, u => u.UnitCode == "P-STC");
        Assert.Null(idle.Rate);
        Assert.Null(idle.RankInTier);
        Assert.Null(idle.MeetsTarget);
        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal((2, 1, 90m), (province.UnitsReporting, province.UnitsWithRate, province.MeanRate!.Value));
    }

    [Fact]
    public void EqualRatesShareARankAndTheNextRankSkips()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var result = _aggregator.Aggregate(August, indicator,
            [Row("DOC_SIGNED", "P-STC", 10, 10), Row("DOC_SIGNED", "P-STP", 20, 20), Row("DOC_SIGNED", "P-SXD", 9, 10)], []);

        Assert.Equal([1, 1, 3], result.Units.Where(u => u.Tier == Tier.Province).Select(u => u.RankInTier!.Value));
    }

    [Fact]
    public void ChangeFromPreviousMonthIsInPercentagePoints()
    {
        var indicator = Reference.Indicators.Find("ONLINE_DOSSIERS")!;
        var july = new Period(2023, 7);
        var result = _aggregator.Aggregate(August, indicator,
            [Row("ONLINE_DOSSIERS", "263", 6469, 10000)],
            [Row("ONLINE_DOSSIERS", "263", 5176, 10000, period: july)]);

        var district = Assert.Single(result.Tiers, t => t.Tier == TierNames.District);
        Assert.Equal(12.93m, district.DeltaPoints);
        Assert.Equal(12.93m, Assert.Single(result.Units).DeltaPoints);
    }

    [Fact]
    public void A2025PeriodHasNoDistrictUnitsAndNoDivisionByZero()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var period = new Period(2025, 8);

        var result = _aggregator.Aggregate(period, indicator, [], []);

        var district = Assert.Single(result.Tiers, t => t.Tier == TierNames.District);
        Assert.Equal((0, 0), (district.UnitsExpected, district.UnitsReporting));
        Assert.Null(district.HeadlineRate);
        Assert.Empty(result.Groups);
        Assert.Equal(99 + 13, result.Missing.Count);
    }

    [Fact]
    public void UnitMissingLastMonthHasNoChangeAndUnitMissingThisMonthIsListed()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var july = new Period(2023, 7);
        var result = _aggregator.Aggregate(August, indicator,
            [Row("DOC_SIGNED", "P-STC", 9, 10)],
            [Row("DOC_SIGNED", "P-STP", 8, 10, period: july)]);

        var unit = Assert.Single(result.Units);
        Assert.Null(unit.PreviousRate);
        Assert.Null(unit.DeltaPoints);
        Assert.Contains(result.Missing, m => m.UnitCode == "P-STP");
        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal(80m, province.PreviousRate);
        Assert.Equal(10m, province.DeltaPoints);
    }
    [Fact]
    public void UnitAndTierExactlyAtTheirTargetMeetIt()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("DOC_SIGNED", "P-STC", 90, 100), Row("DOC_SIGNED", "09163", 80, 100)], []);

        Assert.All(result.Units, u => Assert.Equal((true, u.Rate), (u.MeetsTarget, u.TargetRate)));
        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal((90m, 90m, true, 1), (province.HeadlineRate!.Value, province.TargetRate!.Value, province.MeetsTarget, province.UnitsMeetingTarget));
        var group = Assert.Single(result.Groups, g => g.ParentCode == "256");
        Assert.Equal((80m, 80m, true), (group.HeadlineRate!.Value, group.TargetRate!.Value, group.MeetsTarget));
    }

    [Fact]
    public void PooledHeadlineTierWhoseUnitsAllHaveZeroDenominatorsHasNoRate()
    {
        var indicator = Reference.Indicators.Find("ONLINE_DOSSIERS")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("ONLINE_DOSSIERS", "P-STC", 0, 0), Row("ONLINE_DOSSIERS", "P-SXD", 0, 0)], []);

        var province = Assert.Single(result.Tiers, t => t.Tier == TierNames.Province);
        Assert.Equal((2, 0), (province.UnitsReporting, province.UnitsWithRate));
        Assert.Null(province.PooledRate);
        Assert.Null(province.HeadlineRate);
        Assert.Null(province.MeetsTarget);
    }

    [Fact]
    public void DistrictGroupCarriesTheCommuneTarget()
    {
        var indicator = Reference.Indicators.Find("ONLINE_DOSSIERS")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("ONLINE_DOSSIERS", "09163", 40, 100)], []);

        var group = Assert.Single(result.Groups, g => g.ParentCode == "256");
        var commune = Reference.Targets.ForTier(August, "ONLINE_DOSSIERS", Tier.Commune)!.Rate;
        Assert.Equal(commune, group.TargetRate);
        Assert.False(group.MeetsTarget);
        Assert.All(result.Groups, g => Assert.Equal(commune, g.TargetRate));
    }

    [Fact]
    public void AllScopeExpectsEveryUnitInForceNotOnlyThoseReporting()
    {
        var indicator = Reference.Indicators.Find("DOC_SIGNED")!;
        var result = _aggregator.Aggregate(August, indicator, [Row("DOC_SIGNED", "P-STC", 9, 10), Row("DOC_SIGNED", "09163", 8, 10)], []);

        var all = Assert.Single(result.Tiers, t => t.Tier == TierNames.All);
        var inForce = Reference.Units.For(August).Units.Count;
        Assert.Equal((22 + 8 + 126, 2), (all.UnitsExpected, all.UnitsReporting));
        Assert.Equal(inForce, all.UnitsExpected);
    }
}
