using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage.Dossiers;

namespace BacNinh.IntegrationTests.Storage.Dossiers;

/// <summary>A month's record figure gathers the dossiers of every month of receipt; recounting one month replaces only its share.</summary>
public sealed class DossierFigureStoreTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly Period June = new(2018, 6);
    private static readonly Period July = new(2018, 7);

    [Fact]
    public async Task ContributionsOfEachMonthOfReceiptAreSummedPerUnit()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = new DossierFigureStore(host.Storage);

        await store.ReplaceContributionAsync(June, [OnTime(July, "U1", 3, 4), OnTime(July, "U2", 1, 1)], DateTimeOffset.UtcNow, cancellationToken);
        await store.ReplaceContributionAsync(July, [OnTime(July, "U1", 5, 6)], DateTimeOffset.UtcNow, cancellationToken);

        var figures = await store.ListCurrentAsync(July, "ON_TIME", [], cancellationToken);
        Assert.Equal([("U1", 8L, 10L), ("U2", 1L, 1L)], figures.Select(f => (f.UnitCode, f.Numerator!.Value, f.Denominator!.Value)));
        Assert.Equal(80m, figures[0].Rate);
    }

    [Fact]
    public async Task RecountingAMonthOfReceiptReplacesOnlyItsOwnShare()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = new DossierFigureStore(host.Storage);
        var may = new Period(2017, 5);
        var june = new Period(2017, 6);
        await store.ReplaceContributionAsync(may, [OnTime(june, "U1", 2, 2), OnTime(may, "U3", 1, 2)], DateTimeOffset.UtcNow, cancellationToken);
        await store.ReplaceContributionAsync(june, [OnTime(june, "U1", 1, 2)], DateTimeOffset.UtcNow, cancellationToken);

        // May recounted: its dossiers of U3 are gone and its share of U1 in June changed.
        await store.ReplaceContributionAsync(may, [OnTime(june, "U1", 0, 1)], DateTimeOffset.UtcNow, cancellationToken);

        Assert.Empty(await store.ListCurrentAsync(may, "ON_TIME", [], cancellationToken));
        var june1 = Assert.Single(await store.ListCurrentAsync(june, "ON_TIME", [], cancellationToken));
        Assert.Equal((1L, 3L), (june1.Numerator!.Value, june1.Denominator!.Value));
        Assert.NotNull(await store.LastChangedAsync(june, cancellationToken));
    }

    private static UnitObservation OnTime(Period period, string unit, long numerator, long denominator) =>
        new(period, "ON_TIME", unit, $"Đơn vị {unit}", Tier.Commune, null, numerator, denominator, 100m * numerator / denominator,
            new Dictionary<string, long>(), "records", 0);
}
