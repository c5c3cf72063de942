using BacNinh.Core.Aggregation;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

using static BacNinh.Core.Tests.UnitRows;

namespace BacNinh.Core.Tests.Aggregation;

/// <summary>Comparable figures and changes across the reorganization of 1 July 2025 (contract §2a).</summary>
public sealed class ComparableFiguresTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period June = new(2025, 6);
    private static readonly Period July = new(2025, 7);
    private static readonly DateOnly AsOf = new(2025, 7, 1);

    /// <summary>The six wards that became Phường Kinh Bắc, with their June 2025 counts (Σ 600 / 1000).</summary>
    private static readonly (string Code, long Numerator, long Denominator)[] KinhBacJune =
    [
        ("09187", 90, 100), ("09184", 150, 200), ("09172", 60, 100), ("09214", 100, 200), ("09226", 120, 200), ("09235", 80, 200),
    ];

    [Fact]
    public void KinhBacsJune2025FigurePoolsTheSixWardsThatBecameIt()
    {
        var june = KinhBacJune.Select(w => Row("ONLINE_DOSSIERS", w.Code, w.Numerator, w.Denominator, period: June)).ToList();

        var rows = new ComparableFigures(Reference).Compute(June, Reference.Indicators.Find("ONLINE_DOSSIERS")!, june, AsOf);

        var kinhBac = Assert.Single(rows, r => r.UnitCode == "09187" && r.Tier == TierNames.Commune);
        Assert.Equal(("Phường Kinh Bắc", ComparableBasis.Pooled, 6, 6), (kinhBac.UnitName, kinhBac.Basis, kinhBac.PredecessorsExpected, kinhBac.PredecessorsReported));
        Assert.Equal((600L, 1000L, 60m), (kinhBac.Numerator!.Value, kinhBac.Denominator!.Value, kinhBac.Rate!.Value));
        Assert.Equal("high", kinhBac.LowestConfidence);
        Assert.Equal(AsOf, kinhBac.AsOf);
    }

    [Fact]
    public void RateOnlyPredecessorsGiveAMeanOfRates()
    {
        var june = new[] { Row("DOC_SIGNED", "09187", null, null, 90m, period: June), Row("DOC_SIGNED", "09184", 60, 100, period: June) };

        var kinhBac = Assert.Single(new ComparableFigures(Reference).Compute(June, Reference.Indicators.Find("DOC_SIGNED")!, june, AsOf), r => r.UnitCode == "09187");

        Assert.Equal((ComparableBasis.MeanOfRates, 75m, 6, 2), (kinhBac.Basis, kinhBac.Rate!.Value, kinhBac.PredecessorsExpected, kinhBac.PredecessorsReported));
        Assert.Null(kinhBac.Numerator);
    }

    [Fact]
    public void AUnitTheReorganizationLeftAloneKeepsItsOwnFigure()
    {
        var june = new[] { Row("DOC_SIGNED", "P-STC", 45, 50, period: June) };

        var finance = Assert.Single(new ComparableFigures(Reference).Compute(June, Reference.Indicators.Find("DOC_SIGNED")!, june, AsOf), r => r.UnitCode == "P-STC");

        Assert.Equal((ComparableBasis.SameUnit, 90m, 1, 1), (finance.Basis, finance.Rate!.Value, finance.PredecessorsExpected, finance.PredecessorsReported));
        Assert.Null(finance.LowestConfidence);
    }

    [Fact]
    public void AFigureRestingOnAnInferredEdgeSaysSo()
    {
        // Lai Hạ joined An Tập in December 2024 by an edge inferred from kept codes (medium-low).
        var november = new Period(2024, 11);
        var rows = new ComparableFigures(Reference).Compute(november, Reference.Indicators.Find("DOC_SIGNED")!,
            [Row("DOC_SIGNED", "09508", 80, 100, period: november), Row("DOC_SIGNED", "09520", 70, 100, period: november)], AsOf);

        var successor = Assert.Single(rows, r => r.Tier == TierNames.Commune && r.UnitCode.StartsWith("09", StringComparison.Ordinal));
        Assert.Equal(("Xã Trung Kênh", 2, "medium-low"), (successor.UnitName, successor.PredecessorsReported, successor.LowestConfidence));
        Assert.Equal("medium-low", Assert.Single(rows, r => r.Tier == TierNames.Commune && r.UnitCode == "24").LowestConfidence);
    }

    [Fact]
    public void TierScopesAreStatedOverOldBacNinhAndTheNewProvince()
    {
        var june = KinhBacJune.Select(w => Row("ONLINE_DOSSIERS", w.Code, w.Numerator, w.Denominator, period: June)).ToList();

        var rows = new ComparableFigures(Reference).Compute(June, Reference.Indicators.Find("ONLINE_DOSSIERS")!, june, AsOf);

        var old = Assert.Single(rows, r => r.Tier == TierNames.Commune && r.UnitCode == "27");
        var province = Assert.Single(rows, r => r.Tier == TierNames.Commune && r.UnitCode == "24");
        var all = Assert.Single(rows, r => r.Tier == TierNames.All && r.UnitCode == "24");
        Assert.Equal((60m, 6), (old.Rate!.Value, old.PredecessorsReported));
        Assert.Equal(121, old.PredecessorsExpected);
        Assert.Equal(121 + 195, province.PredecessorsExpected);
        Assert.Equal(60m, all.Rate);
    }

    [Fact]
    public void TheJuly2025ChangeIsComputedOnThePooledPredecessors()
    {
        var indicator = Reference.Indicators.Find("ONLINE_DOSSIERS")!;
        var june = KinhBacJune.Select(w => Row("ONLINE_DOSSIERS", w.Code, w.Numerator, w.Denominator, period: June)).ToList();

        var result = new PeriodAggregator(Reference).Aggregate(July, indicator, [Row("ONLINE_DOSSIERS", "09187", 700, 1000, period: July)], june);

        // Suối Hoa (the code's June holder) had 90 %; the comparable June figure is the six wards' 60 %.
        var kinhBac = Assert.Single(result.Units);
        Assert.Equal((60m, 10m), (kinhBac.PreviousRate!.Value, kinhBac.DeltaPoints!.Value));
        var commune = Assert.Single(result.Tiers, t => t.Tier == TierNames.Commune);
        Assert.Equal((60m, 10m), (commune.PreviousRate!.Value, commune.DeltaPoints!.Value));
    }
}
