using BacNinh.Core.Ingestion.Dossiers;
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
}
