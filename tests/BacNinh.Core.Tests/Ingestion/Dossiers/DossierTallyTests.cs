using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Ingestion.Dossiers;

/// <summary>
/// The tally of a month's current dossiers, which may come from several exports: the online rate
/// needs the channel, and a unit-month none of whose dossiers had one gets no online rate at all.
/// </summary>
public sealed class DossierTallyTests
{
    private static readonly Unit One = new("X1", Tier.Commune, null, "Xã Một", "Một", [], DateOnly.MinValue, null);
    private static readonly Unit Two = new("X2", Tier.Commune, null, "Xã Hai", "Hai", [], DateOnly.MinValue, null);

    private static DossierRecord Dossier(string id, Unit unit, DossierChannel channel) =>
        new(id, unit, new DateTime(2023, 8, 3, 9, 0, 0), null, null, channel, null, 2);

    [Fact]
    public void AUnitWhoseDossiersHaveNoChannelGetsNoOnlineRate()
    {
        var tally = new DossierTally();
        tally.Add(Dossier("A", One, DossierChannel.FullOnline));
        tally.Add(Dossier("B", One, DossierChannel.NotGiven));
        tally.Add(Dossier("C", Two, DossierChannel.NotGiven));

        var online = Assert.Single(tally.Observations("records"), o => o.IndicatorCode == DossierTally.OnlineDossiers);

        Assert.Equal(("X1", 1L, 2L, 1L), (online.UnitCode, online.Numerator!.Value, online.Denominator!.Value, online.Breakdowns["FullOnline"]));
    }

    [Fact]
    public void TwoInstancesOfOneUnitAreCountedTogetherInTheMonthsReceivedAndResolved()
    {
        // Registries of two months hold their own instance of a unit: its dossiers are one unit's.
        var tally = new DossierTally();
        var sameAsOne = One with { FullName = "Xã Một (mới)" };
        tally.Add(new DossierRecord("A", One, new DateTime(2023, 8, 30), new DateTime(2023, 9, 2), new DateTime(2023, 9, 1), DossierChannel.InPerson, true, 2));
        tally.Add(new DossierRecord("B", sameAsOne, new DateTime(2023, 8, 31), new DateTime(2023, 9, 1), new DateTime(2023, 9, 4), DossierChannel.FullOnline, false, 3));
        tally.Add(new DossierRecord("C", sameAsOne, new DateTime(2023, 9, 1), new DateTime(2023, 9, 5), new DateTime(2023, 9, 5, 16, 0, 0), DossierChannel.Postal, null, 4));

        var observations = tally.Observations("records");

        var august = Assert.Single(observations, o => o.IndicatorCode == DossierTally.OnlineDossiers && o.Period == new Period(2023, 8));
        Assert.Equal(("X1", 1L, 2L), (august.UnitCode, august.Numerator!.Value, august.Denominator!.Value));
        var digitized = Assert.Single(observations, o => o.IndicatorCode == DossierTally.Digitized);
        Assert.Equal((1L, 2L), (digitized.Numerator!.Value, digitized.Denominator!.Value));
        var onTime = Assert.Single(observations, o => o.IndicatorCode == DossierTally.OnTime);
        Assert.Equal((new Period(2023, 9), 2L, 3L), (onTime.Period, onTime.Numerator!.Value, onTime.Denominator!.Value));
        Assert.Single(observations, o => o.IndicatorCode == DossierTally.OnlineDossiers && o.Period == new Period(2023, 9));
    }
}
