using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Aggregation;

public sealed class ReportDiscrepanciesTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly Period August = new(2023, 8);

    private static UnitObservation Typed(string unit, long? numerator, long? denominator, decimal? rate) =>
        new(August, DossierTally.OnlineDossiers, unit, unit, Tier.Province, null, numerator, denominator, rate,
            System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty, "Sheet1", 2);

    /// <summary>Record figures made the way ingestion makes them: dossiers counted into a tally.</summary>
    private static IReadOnlyList<UnitObservation> Records(params (string Unit, int Online, int InPerson)[] units)
    {
        var tally = new DossierTally();
        var directory = Reference.Units.For(August);
        var n = 0;
        foreach (var (code, online, inPerson) in units)
        {
            var unit = directory.FindByCode(code)!;
            for (var i = 0; i < online + inPerson; i++)
            {
                tally.Add(new DossierRecord($"HS{n++}", unit, new DateTime(2023, 8, 10), null, null,
                    i < online ? DossierChannel.FullOnline : DossierChannel.InPerson, null, i + 2));
            }
        }

        return tally.Observations("export");
    }

    [Fact]
    public void DifferencesOverOnePointAreListedAndThoseUnderAreNot()
    {
        // Records: P-STP 300/1000 = 30 %, P-STC 500/1000 = 50 %, P-SNV 200/400 = 50 %.
        var records = Records(("P-STP", 300, 700), ("P-STC", 500, 500), ("P-SNV", 200, 200));
        UnitObservation[] typed =
        [
            Typed("P-STP", 296, 1000, 29.6m),   // 0,4 point apart: agrees
            Typed("P-STC", 620, 1000, 62m),     // 12 points apart
            Typed("P-SNV", null, null, 48.5m),  // a rate only, 1,5 points apart
            Typed("P-SXD", 10, 100, 10m),       // no records: nothing to compare
        ];

        var found = ReportDiscrepancies.Find(typed, records);

        Assert.Equal(["P-STC", "P-SNV"], found.Select(d => d.UnitCode));
        var largest = found[0];
        Assert.Equal((62m, 50m, 620L, 1000L, 500L, 1000L), (largest.ReportedRate, largest.RecordRate, largest.ReportedNumerator!.Value, largest.ReportedDenominator!.Value, largest.RecordNumerator, largest.RecordDenominator));
        Assert.Equal(12m, largest.DifferencePoints);
        Assert.Equal(-1.5m, found[1].DifferencePoints);
    }

    [Fact]
    public void TheBulletinSentenceNamesTheLargestFirst()
    {
        var records = Records(("P-STP", 300, 700), ("P-STC", 500, 500));
        var found = ReportDiscrepancies.Find([Typed("P-STP", 400, 1000, 40m), Typed("P-STC", 620, 1000, 62m)], records);

        var sentence = DiscrepancySentence.Compose(found, Reference.Indicators);

        Assert.NotNull(sentence);
        Assert.StartsWith("Có 2 số liệu báo cáo lệch quá 1 điểm phần trăm", sentence, StringComparison.Ordinal);
        Assert.True(sentence.IndexOf("Sở Tài chính", StringComparison.Ordinal) < sentence.IndexOf("Sở Tư pháp", StringComparison.Ordinal));
        Assert.Contains("báo cáo 62%, dữ liệu hồ sơ 50%", sentence, StringComparison.Ordinal);
        Assert.Null(DiscrepancySentence.Compose([], Reference.Indicators));
    }

    [Fact]
    public void RecordIndicatorsAreCatalogEntriesWithAssumedTargets()
    {
        var onTime = Reference.Indicators.Find("ON_TIME");
        var digitized = Reference.Indicators.Find("DIGITIZED");
        var online = Reference.Indicators.Find("ONLINE_DOSSIERS");

        Assert.Equal((IndicatorSource.Records, true), (onTime!.Source, onTime.RecordsCurrent));
        Assert.Equal(IndicatorSource.Records, digitized!.Source);
        Assert.Equal((IndicatorSource.Reports, true), (online!.Source, online.RecordsCurrent));
        Assert.False(Reference.Indicators.Find("DOC_SIGNED")!.RecordsCurrent);
        var target = Reference.Targets.ForTier(August, "ON_TIME", Tier.District);
        Assert.NotNull(target);
        Assert.Contains("assumed", target.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void NoUnitIsMissingARecordsOnlyIndicator()
    {
        var aggregation = new PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find("ON_TIME")!, [], []);

        Assert.Empty(aggregation.Missing);
    }
}
