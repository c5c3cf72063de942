using BacNinh.Core.Aggregation;
using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Aggregation;

public sealed class CurrentObservationsTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly Period March = new(2025, 3);

    private static UnitObservation Figure(string indicator, string unit, long numerator, long denominator, string sheet) =>
        new(March, indicator, unit, unit, Tier.Province, null, numerator, denominator, 100m * numerator / denominator,
            new Dictionary<string, long>(), sheet, 2);

    private static Indicator Catalog(string code) => Reference.Indicators.Find(code)!;

    [Fact]
    public void WhereAUnitHasBothTheRecordFigureIsCurrentForARecordCurrentIndicator()
    {
        UnitObservation[] typed = [Figure("ONLINE_DOSSIERS", "P-STC", 62, 100, "typed"), Figure("ONLINE_DOSSIERS", "P-SXD", 10, 100, "typed")];
        UnitObservation[] records = [Figure("ONLINE_DOSSIERS", "P-STC", 500, 1000, "records"), Figure("ONLINE_DOSSIERS", "P-SNV", 3, 4, "records")];

        var current = CurrentObservations.Merge(Catalog("ONLINE_DOSSIERS"), typed, records);

        // Both kept where they come from; the unit with both counts its records, the others whatever they have.
        Assert.Equal([("P-SNV", "records", 3L), ("P-STC", "records", 500L), ("P-SXD", "typed", 10L)],
            current.Select(c => (c.UnitCode, c.Sheet, c.Numerator!.Value)));
    }

    [Fact]
    public void WithoutTheCatalogSettingTheTypedFigureStaysCurrent()
    {
        var indicator = Catalog("ONLINE_DOSSIERS") with { RecordsCurrent = false };
        UnitObservation[] typed = [Figure("ONLINE_DOSSIERS", "P-STC", 62, 100, "typed")];
        UnitObservation[] records = [Figure("ONLINE_DOSSIERS", "P-STC", 500, 1000, "records"), Figure("ONLINE_DOSSIERS", "P-SNV", 3, 4, "records")];

        var current = CurrentObservations.Merge(indicator, typed, records);

        Assert.Equal([("P-SNV", "records"), ("P-STC", "typed")], current.Select(c => (c.UnitCode, c.Sheet)));
    }

    [Fact]
    public void ARecordsOnlyIndicatorComesFromRecordsAlone()
    {
        UnitObservation[] typed = [Figure("ON_TIME", "P-STC", 99, 100, "typed"), Figure("ON_TIME", "P-SXD", 1, 1, "typed")];
        UnitObservation[] records = [Figure("ON_TIME", "P-STC", 80, 100, "records"), Figure("ON_TIME", "P-SNV", 7, 8, "records")];

        var current = CurrentObservations.Merge(Catalog("ON_TIME"), typed, records);

        Assert.Equal([("P-SNV", 87.5m), ("P-STC", 80m)], current.Select(c => (c.UnitCode, c.Rate!.Value)));
    }

    [Fact]
    public void FiguresOfAnotherIndicatorAreNotTaken()
    {
        var current = CurrentObservations.Merge(Catalog("DOC_SIGNED"), [Figure("DOC_SIGNED", "P-STC", 9, 10, "typed")], [Figure("ONLINE_DOSSIERS", "P-SNV", 3, 4, "records")]);

        Assert.Equal(["P-STC"], current.Select(c => c.UnitCode));
    }
}
