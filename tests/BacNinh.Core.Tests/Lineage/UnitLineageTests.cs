using BacNinh.Core.Lineage;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Lineage;

/// <summary>The reorganizations of 2024 and 2025 as the registry loads them (contract §2a).</summary>
public sealed class UnitLineageTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly DateOnly Today = new(2026, 10, 1);
    private static readonly Period June2025 = new(2025, 6);

    private static IReadOnlyList<LineageEdge> CommuneFile()
    {
        using var csv = ReferenceData.OpenDefault(ReferenceData.LineageFile);
        return ReferenceData.LoadLineage(csv);
    }

    [Fact]
    public void EveryOneOfThe325CommuneEdgesIsLoaded()
    {
        var file = CommuneFile();

        Assert.Equal(325, file.Count);
        Assert.Equal(9, file.Count(e => e.Effective == new DateOnly(2024, 12, 1)));
        Assert.Equal(316, file.Count(e => e.Effective == new DateOnly(2025, 7, 1)));
        Assert.All(file, edge => Assert.Contains(edge, Reference.Lineage.Edges));
        Assert.Equal(99, file.Where(e => e.Effective == new DateOnly(2025, 7, 1)).Select(e => e.NewCode).Distinct().Count());
    }

    [Fact]
    public void EdgesBelowHighConfidenceAreKeptWithTheirLevel()
    {
        var laiHa = Assert.Single(Reference.Lineage.Edges, e => e.OldCode == "09520");
        var minhTan = Assert.Single(Reference.Lineage.Edges, e => e.OldCode == "09526");

        Assert.Equal(ConfidenceLevel.MediumLow, laiHa.Confidence);
        Assert.Equal(ConfidenceLevel.Medium, minhTan.Confidence);
        Assert.Equal(ConfidenceLevel.Medium, Assert.Single(Reference.Lineage.Edges, e => e.OldCode == "P-STTTT").Confidence);
    }

    [Fact]
    public void TheGraphHasNoCycle()
    {
        // A vertex is a code as it stood from a date: an edge leads from the version of its old code in
        // force the day before it took effect to the version of its new code that begins that day.
        var edges = Reference.Lineage.Edges;
        (string Code, DateOnly From) VersionBefore(string code, DateOnly day) =>
            (code, edges.Where(e => e.NewCode == code && e.Effective <= day).Select(e => e.Effective).DefaultIfEmpty(DateOnly.MinValue).Max());
        var next = edges.ToLookup(e => VersionBefore(e.OldCode, e.Effective.AddDays(-1)), e => (e.NewCode, e.Effective));
        var state = new Dictionary<(string, DateOnly), int>();

        bool Cyclic((string, DateOnly) vertex)
        {
            if (state.TryGetValue(vertex, out var seen))
            {
                return seen == 1;
            }

            state[vertex] = 1;
            var cyclic = next[vertex].Any(Cyclic);
            state[vertex] = 2;
            return cyclic;
        }

        Assert.All(edges, e => Assert.False(Cyclic(VersionBefore(e.OldCode, e.Effective.AddDays(-1))), $"{e.OldCode} → {e.NewCode} is on a cycle"));
        Assert.All(edges, e => Assert.True(VersionBefore(e.OldCode, e.Effective.AddDays(-1)).From < e.Effective));
    }

    [Fact]
    public void EveryCommuneOf2023ReachesExactlyOneCommuneOfToday()
    {
        var august2023 = new Period(2023, 8);

        // No unit was split: at most one edge leaves a unit in each round.
        Assert.All(Reference.Lineage.Edges.GroupBy(e => (e.Effective, e.OldCode)), g => Assert.Single(g));
        Assert.All(Reference.Units.For(august2023).InTier(Tier.Commune), commune =>
        {
            var successor = Reference.Lineage.SuccessorOn(commune.Code, august2023, Today);
            var today = Reference.Units.Find(successor, Today);
            Assert.True(today is { Tier: Tier.Commune }, $"{commune.FullName} ({commune.Code}) reaches {successor ?? "nothing"}");
        });
    }

    [Fact]
    public void EveryCommuneOfTodayStandsForTheCommunesThatBecameIt()
    {
        var august2023 = Reference.Units.For(new Period(2023, 8));
        var reached = Reference.Units.On(Today).Where(u => u.Tier == Tier.Commune)
            .SelectMany(u => Reference.Lineage.PredecessorsIn(u.Code, Today, new Period(2023, 8), Reference.Units))
            .Where(p => august2023.FindByCode(p.Code) is not null)
            .Select(p => p.Code)
            .ToList();

        Assert.Equal(reached.Count, reached.Distinct().Count());
        Assert.Equal(august2023.InTier(Tier.Commune).Select(u => u.Code).Order(StringComparer.Ordinal), reached.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void KinhBacOfTodayWasSixWardsInJune2025AndEightIn2023()
    {
        var june = Reference.Lineage.PredecessorsIn("09187", Today, June2025, Reference.Units);
        var names = june.Select(p => Reference.Units.For(June2025).FindByCode(p.Code)!.FullName).Order(StringComparer.Ordinal);
        var in2023 = Reference.Lineage.PredecessorsIn("09187", Today, new Period(2023, 8), Reference.Units).Select(p => p.Code).Order(StringComparer.Ordinal);

        Assert.Equal(["Phường Hòa Long", "Phường Khúc Xuyên", "Phường Kinh Bắc", "Phường Suối Hoa", "Phường Tiền Ninh Vệ", "Phường Vạn An"], names);
        Assert.Equal(["09172", "09175", "09178", "09184", "09187", "09214", "09226", "09235"], in2023);
    }

    [Fact]
    public void AUnitThatAbsorbedAnotherWithoutAnEdgeOfItsOwnIsStillItsOwnPredecessor()
    {
        var chiLang = Reference.Lineage.PredecessorsIn("09313", new DateOnly(2025, 1, 1), new Period(2024, 11), Reference.Units);

        Assert.Equal(["09313", "09316"], chiLang.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARenameKeepsTheSameUnit()
    {
        var nhanThang = Assert.Single(Reference.Lineage.PredecessorsIn("09481", new DateOnly(2025, 1, 1), new Period(2024, 11), Reference.Units));

        Assert.True(nhanThang.OnlyRenamed);
        Assert.Equal("09481", nhanThang.Code);
    }
}
