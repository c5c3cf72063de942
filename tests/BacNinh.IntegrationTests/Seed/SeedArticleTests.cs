using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Seed;

/// <summary>
/// Every figure and list of the August 2023 article, recomputed by the running system from the
/// uploaded unit-level workbooks. Rates are compared as displayed: rounded to two decimals.
/// </summary>
public sealed class SeedArticleTests(SeedMonthsFixture seed) : IClassFixture<SeedMonthsFixture>
{
    private static decimal Shown(JsonElement row, string field) => Math.Round(row.GetProperty(field).GetDecimal(), 2, MidpointRounding.AwayFromZero);

    private async Task<JsonElement> TierAsync(string indicator, string tier) =>
        Assert.Single(await seed.RowsAsync("TierAggregates", $"period=2023-08&indicator={indicator}&tier={tier}"));

    private async Task<List<JsonElement>> UnitsAsync(string indicator, string tier) =>
        [.. await seed.RowsAsync("Observations", $"period=2023-08&indicator={indicator}&tier={tier}")];

    [Theory]
    [InlineData("province", 96.25)]
    [InlineData("district", 96.67)]
    [InlineData("commune", 98.62)]
    public async Task SignedDocumentTierMeansAreTheArticles(string tier, double expected)
    {
        var row = await TierAsync("DOC_SIGNED", tier);

        Assert.Equal((decimal)expected, Shown(row, "HeadlineRate"));
        Assert.Equal(row.GetProperty("MeanRate").GetDecimal(), row.GetProperty("HeadlineRate").GetDecimal());
        Assert.True(row.GetProperty("MeetsTarget").GetBoolean());
    }

    [Fact]
    public async Task SevenProvincialAgenciesSignEveryDocument()
    {
        var units = await UnitsAsync("DOC_SIGNED", "province");

        Assert.Equal(
            ["P-BQLATTP", "P-SCT", "P-STC", "P-STP", "P-TTHCC", "P-TTR", "P-VNCPT"],
            units.Where(u => u.GetProperty("Rate").GetDecimal() == 100m).Select(u => u.GetProperty("UnitCode").GetString()).Order());
        Assert.Equal(7, (await TierAsync("DOC_SIGNED", "province")).GetProperty("UnitsAtFullRate").GetInt32());
    }

    [Fact]
    public async Task TheThreeLowestProvincialAgenciesAreTheArticles()
    {
        var lowest = (await UnitsAsync("DOC_SIGNED", "province")).OrderBy(u => u.GetProperty("Rate").GetDecimal()).Take(3).ToList();

        Assert.Equal(
            [("P-VPUBND", 88.85m), ("P-SXD", 91.81m), ("P-STNMT", 92.33m)],
            lowest.Select(u => (u.GetProperty("UnitCode").GetString(), Shown(u, "Rate"))));
        Assert.Equal([22, 21, 20], lowest.Select(u => u.GetProperty("RankInTier").GetInt32()));
    }

    [Fact]
    public async Task QueVoAndLuongTaiLeadTheDistrictsAndGiaBinhTrails()
    {
        var districts = (await UnitsAsync("DOC_SIGNED", "district")).OrderBy(u => u.GetProperty("RankInTier").GetInt32()).ToList();

        Assert.Equal(("259", 99.52m), (districts[0].GetProperty("UnitCode").GetString(), Shown(districts[0], "Rate")));
        Assert.Equal(("264", 99.21m), (districts[1].GetProperty("UnitCode").GetString(), Shown(districts[1], "Rate")));
        Assert.Equal(("263", 84.92m), (districts[^1].GetProperty("UnitCode").GetString(), Shown(districts[^1], "Rate")));
    }

    [Fact]
    public async Task TuSonCommunesAverageHundredAndGiaBinhCommunesAreLowest()
    {
        var groups = (await seed.RowsAsync("GroupAggregates", "period=2023-08&indicator=DOC_SIGNED"))
            .OrderByDescending(g => g.GetProperty("HeadlineRate").GetDecimal()).ToList();

        Assert.Equal(8, groups.Count);
        Assert.Equal(("261", 100m), (groups[0].GetProperty("ParentCode").GetString(), groups[0].GetProperty("HeadlineRate").GetDecimal()));
        Assert.Equal(("263", 91.72m), (groups[^1].GetProperty("ParentCode").GetString(), Shown(groups[^1], "HeadlineRate")));
    }

    [Theory]
    [InlineData("all", 64.69, 12.93)]
    [InlineData("province", 73.02, 8.51)]
    [InlineData("district", 61.06, 15.25)]
    public async Task OnlineDossierRatesAndTheirRisesAreTheArticles(string tier, double rate, double rise)
    {
        var row = await TierAsync("ONLINE_DOSSIERS", tier);

        Assert.Equal((decimal)rate, Shown(row, "HeadlineRate"));
        Assert.Equal(row.GetProperty("PooledRate").GetDecimal(), row.GetProperty("HeadlineRate").GetDecimal());
        Assert.Equal((decimal)rise, Shown(row, "DeltaPoints"));
    }

    [Fact]
    public async Task ThreeProvincialAgenciesMissTheDirectivesTarget()
    {
        var below = (await UnitsAsync("ONLINE_DOSSIERS", "province")).Where(u => !u.GetProperty("MeetsTarget").GetBoolean())
            .OrderByDescending(u => u.GetProperty("Rate").GetDecimal()).ToList();

        Assert.Equal([("P-SNV", 66.7m), ("P-BQLKCN", 43.6m), ("P-STP", 29.6m)], below.Select(u => (u.GetProperty("UnitCode").GetString(), Shown(u, "Rate"))));
    }

    [Fact]
    public async Task SevenProvincialAgenciesHandleEveryDossierOnline()
    {
        var units = await UnitsAsync("ONLINE_DOSSIERS", "province");

        Assert.Equal(
            ["P-BQLATTP", "P-SGDDT", "P-SGTVT", "P-SKHCN", "P-SKHDT", "P-STTTT", "P-SVHTTDL"],
            units.Where(u => u.GetProperty("Rate").GetDecimal() == 100m).Select(u => u.GetProperty("UnitCode").GetString()).Order());
    }

    [Fact]
    public async Task GiaBinhAndYenPhongAreTheTwoDistrictsOverSixtyFivePercent()
    {
        var districts = await UnitsAsync("ONLINE_DOSSIERS", "district");

        Assert.Equal(["258", "263"], districts.Where(u => u.GetProperty("MeetsTarget").GetBoolean()).Select(u => u.GetProperty("UnitCode").GetString()).Order());
        var lowest = districts.MinBy(u => u.GetProperty("Rate").GetDecimal());
        Assert.Equal(("261", 18.74m), (lowest.GetProperty("UnitCode").GetString(), Shown(lowest, "Rate")));
        Assert.Equal(2, (await TierAsync("ONLINE_DOSSIERS", "district")).GetProperty("UnitsMeetingTarget").GetInt32());
    }

    [Fact]
    public async Task WorkDossiersRoseInAllThreeTiersAndMeetTheirTargets()
    {
        foreach (var tier in new[] { "province", "district", "commune" })
        {
            var row = await TierAsync("WORK_DOSSIER_ONLINE", tier);
            Assert.True(row.GetProperty("DeltaPoints").GetDecimal() > 0, tier);
            Assert.True(row.GetProperty("MeetsTarget").GetBoolean(), tier);
        }
    }

    [Fact]
    public void TheBulletinReadsLikeTheArticle()
    {
        var bulletin = seed.Bulletin;

        Assert.Contains("tỷ lệ trung bình cấp tỉnh đạt 96,25%", bulletin, StringComparison.Ordinal);
        Assert.Contains("cấp huyện đạt 96,67%", bulletin, StringComparison.Ordinal);
        Assert.Contains("cấp xã đạt 98,62%", bulletin, StringComparison.Ordinal);
        Assert.Contains("07 cơ quan, đơn vị có tỷ lệ đạt 100% gồm: Ban Quản lý An toàn thực phẩm, Sở Công Thương, Sở Tài chính, Sở Tư pháp, Thanh tra tỉnh, Trung tâm Hành chính công tỉnh, Viện Nghiên cứu Phát triển kinh tế - xã hội.", bulletin, StringComparison.Ordinal);
        Assert.Contains("03 đơn vị có tỷ lệ thấp nhất gồm: Sở Tài nguyên và Môi trường (92,33%), Sở Xây dựng (91,81%), Văn phòng UBND tỉnh (88,85%).", bulletin, StringComparison.Ordinal);
        Assert.Contains("cao nhất là UBND Thị xã Quế Võ 99,52%, UBND Huyện Lương Tài 99,21%; thấp nhất là UBND Huyện Gia Bình (84,92%)", bulletin, StringComparison.Ordinal);
        Assert.Contains("trên địa bàn Thành phố Từ Sơn đạt tỷ lệ trung bình 100%", bulletin, StringComparison.Ordinal);
        Assert.Contains("trên địa bàn Huyện Gia Bình đạt tỷ lệ trung bình 91,72%", bulletin, StringComparison.Ordinal);
        Assert.Contains("toàn tỉnh đạt 64,69% (tăng 12,93%). Trong đó: cấp tỉnh đạt 73,02% (tăng 8,51%); cấp huyện đạt 61,06% (tăng 15,25%)", bulletin, StringComparison.Ordinal);
        Assert.Contains("03 đơn vị chưa đạt chỉ tiêu được giao (70%) là: Sở Nội vụ (66,7%), Ban Quản lý các Khu công nghiệp (43,6%), Sở Tư pháp (29,6%).", bulletin, StringComparison.Ordinal);
        Assert.Contains("UBND Huyện Gia Bình và UBND Huyện Yên Phong là 02/08 địa phương đạt chỉ tiêu được giao", bulletin, StringComparison.Ordinal);
        Assert.Contains("thấp nhất là UBND Thành phố Từ Sơn (18,74%)", bulletin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecomputingTwiceAtOnceChangesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var before = await SnapshotAsync(cancellationToken);

        var runs = await Task.WhenAll(
            seed.Host.Http.PostAsync("/api/aggregations/2023-08", null, cancellationToken),
            seed.Host.Http.PostAsync("/api/aggregations/2023-08", null, cancellationToken));

        // A run that finds the month held by another (either POST, or a queued run) is queued behind it (202).
        Assert.All(runs, r => Assert.Contains(r.StatusCode, new[] { System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.Accepted }));
        var requests = new BacNinh.Storage.Queues.AggregationRequests(seed.Host.Storage);
        await Eventually.GetAsync(async () => (await requests.PendingAsync(cancellationToken)).Count == 0 ? runs : null, TimeSpan.FromSeconds(60), cancellationToken);
        Assert.Equal(before, await SnapshotAsync(cancellationToken));
    }

    private async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        foreach (var set in new[] { "Observations", "TierAggregates", "GroupAggregates", "MissingReports" })
        {
            parts.Add(await seed.Host.Http.GetStringAsync($"/api/datasets/{set}.csv?period=2023-08", cancellationToken));
        }

        return string.Join("\n", parts);
    }
}
