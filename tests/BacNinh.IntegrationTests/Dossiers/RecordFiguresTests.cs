using System.Net;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.IntegrationTests.Aggregation;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage.Dossiers;

namespace BacNinh.IntegrationTests.Dossiers;

/// <summary>
/// Record figures put in place through the store ingestion fills (<see cref="DossierFigureStore"/>), typed
/// figures uploaded as agencies do, the month recomputed over HTTP: the served sets count the record figure
/// where the catalog says so, records-only indicators are aggregated, and the typed rates more than a point
/// from their records are served in <c>ReportDiscrepancies</c> with both counts. Each test uses its own month.
/// </summary>
public sealed class RecordFiguresTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string OnlineHeader = "Tên đơn vị,Tổng số hồ sơ tiếp nhận,Số hồ sơ trực tuyến\n";

    private static UnitObservation Record(Period period, string indicator, string unit, string name, long numerator, long denominator, IReadOnlyDictionary<string, long>? breakdowns = null) =>
        new(period, indicator, unit, name, Tier.Province, null, numerator, denominator, 100m * numerator / denominator,
            breakdowns ?? new Dictionary<string, long>(), "records", 0);

    private async Task<IReadOnlyList<JsonElement>> RowsAsync(string set, string query, CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync($"/api/datasets/{set}.json?{query}", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Typed figures uploaded, then record figures of the same month, then one recompute.</summary>
    private async Task<DateTimeOffset> PrepareAsync(Period month, string typed, IReadOnlyCollection<UnitObservation> records, CancellationToken cancellationToken)
    {
        var report = await host.UploadAndReportAsync($"so-tttt/{month}/truc-tuyen.csv", Encoding.UTF8.GetBytes(OnlineHeader + typed), cancellationToken);
        Assert.Equal(0, report.RowsRejected);

        // Whole seconds, later than the typed upload: the month's rows are stamped with when their inputs last changed.
        var changedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        await new DossierFigureStore(host.Storage).ReplaceContributionAsync(month, records, changedAt, cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, month.ToString(), cancellationToken);
        return changedAt;
    }

    [Fact]
    public async Task TheRecordFigureIsCurrentWhereAUnitHasBothAndOnTimeIsAggregatedFromRecordsAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var month = new Period(2024, 3);
        var online = new Dictionary<string, long> { ["FullOnline"] = 400, ["PartialOnline"] = 100, ["InPerson"] = 500, ["Postal"] = 0 };
        var changedAt = await PrepareAsync(month, "Sở Tài chính,100,62\nSở Tư pháp,1000,302\nSở Xây dựng,100,40\n",
        [
            Record(month, "ONLINE_DOSSIERS", "P-STC", "Sở Tài chính", 500, 1000, online),
            Record(month, "ONLINE_DOSSIERS", "P-STP", "Sở Tư pháp", 300, 1000),
            Record(month, "ONLINE_DOSSIERS", "P-SNV", "Sở Nội vụ", 3, 4),
            Record(month, "ON_TIME", "P-STC", "Sở Tài chính", 80, 100),
            Record(month, "ON_TIME", "P-STP", "Sở Tư pháp", 45, 50),
        ], cancellationToken);

        var observations = (await RowsAsync("Observations", $"period={month}&indicator=ONLINE_DOSSIERS", cancellationToken))
            .ToDictionary(o => o.GetProperty("UnitCode").GetString()!, StringComparer.Ordinal);
        Assert.Equal(["P-SNV", "P-STC", "P-STP", "P-SXD"], observations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((500L, 1000L, 50m), Counts(observations["P-STC"]));   // typed 62/100: the records win
        Assert.Equal(400L, observations["P-STC"].GetProperty("FullOnline").GetInt64());
        Assert.Equal((300L, 1000L, 30m), Counts(observations["P-STP"]));
        Assert.Equal((3L, 4L, 75m), Counts(observations["P-SNV"]));       // records only
        Assert.Equal((40L, 100L, 40m), Counts(observations["P-SXD"]));    // typed only
        Assert.Equal(1, observations["P-SNV"].GetProperty("RankInTier").GetInt32());
        Assert.All(observations.Values, o => Assert.Equal(changedAt, o.GetProperty("UpdatedAt").GetDateTimeOffset()));

        var province = Assert.Single(await RowsAsync("TierAggregates", $"period={month}&indicator=ONLINE_DOSSIERS&tier=province", cancellationToken));
        Assert.Equal(100m * (500 + 300 + 3 + 40) / (1000 + 1000 + 4 + 100), province.GetProperty("PooledRate").GetDecimal());
        Assert.Equal(4, province.GetProperty("UnitsReporting").GetInt32());

        var onTime = Assert.Single(await RowsAsync("TierAggregates", $"period={month}&indicator=ON_TIME&tier=province", cancellationToken));
        Assert.Equal((2, 100m * (80 + 45) / (100 + 50)), (onTime.GetProperty("UnitsReporting").GetInt32(), onTime.GetProperty("HeadlineRate").GetDecimal()));
        Assert.Equal(
            [("P-STP", 1), ("P-STC", 2)],
            (await RowsAsync("Observations", $"period={month}&indicator=ON_TIME", cancellationToken)).Select(o => (o.GetProperty("UnitCode").GetString()!, o.GetProperty("RankInTier").GetInt32())).OrderBy(o => o.Item2));
        Assert.Empty(await RowsAsync("MissingReports", $"period={month}&indicator=ON_TIME", cancellationToken));

        // Compliance against the (assumed) ON_TIME target and comparable figures come from the same merged figures.
        foreach (var unit in await RowsAsync("Observations", $"period={month}&indicator=ON_TIME", cancellationToken))
        {
            var target = unit.GetProperty("TargetRate").GetDecimal();
            Assert.Equal(unit.GetProperty("Rate").GetDecimal() >= target, unit.GetProperty("MeetsTarget").GetBoolean());
        }

        var comparable = await RowsAsync("ComparableObservations", $"period={month}&indicator=ONLINE_DOSSIERS&tier=province", cancellationToken);
        Assert.Contains(comparable, c => c.GetProperty("UnitCode").GetString() == "P-SNV" && c.GetProperty("Rate").GetDecimal() == 75m);
        Assert.Contains(comparable, c => c.GetProperty("UnitCode").GetString() == "P-STC" && c.GetProperty("Rate").GetDecimal() == 50m);
    }

    [Fact]
    public async Task LastMonthsRecordFiguresGiveTheChangeInPoints()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var june = new Period(2024, 6);
        var july = new Period(2024, 7);
        var store = new DossierFigureStore(host.Storage);
        await store.ReplaceContributionAsync(june, [Record(june, "ON_TIME", "P-STC", "Sở Tài chính", 70, 100)], DateTimeOffset.UtcNow, cancellationToken);
        await store.ReplaceContributionAsync(july, [Record(july, "ON_TIME", "P-STC", "Sở Tài chính", 85, 100)], DateTimeOffset.UtcNow, cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, june.ToString(), cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, july.ToString(), cancellationToken);

        var unit = Assert.Single(await RowsAsync("Observations", $"period={july}&indicator=ON_TIME", cancellationToken));
        Assert.Equal((70m, 15m), (unit.GetProperty("PreviousRate").GetDecimal(), unit.GetProperty("DeltaPoints").GetDecimal()));
        var province = Assert.Single(await RowsAsync("TierAggregates", $"period={july}&indicator=ON_TIME&tier=province", cancellationToken));
        Assert.Equal(15m, province.GetProperty("DeltaPoints").GetDecimal());
        var bulletin = await host.Http.GetStringAsync($"/api/bulletins/{july}", cancellationToken);
        Assert.Contains("## TỶ LỆ HỒ SƠ GIẢI QUYẾT ĐÚNG HẠN", bulletin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscrepanciesOverOnePointAreServedOverODataAndCsvWithBothCountsAndNamedInTheBulletin()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var month = new Period(2024, 4);
        await PrepareAsync(month, "Sở Tài chính,100,62\nSở Tư pháp,1000,310\nSở Xây dựng,200,81\n",
        [
            Record(month, "ONLINE_DOSSIERS", "P-STC", "Sở Tài chính", 500, 1000),  // 12 points apart: listed
            Record(month, "ONLINE_DOSSIERS", "P-STP", "Sở Tư pháp", 300, 1000),    // exactly 1 point: not listed
            Record(month, "ONLINE_DOSSIERS", "P-SXD", "Sở Xây dựng", 38, 100),     // 2,5 points: listed
        ], cancellationToken);

        using var feed = await host.Http.GetAsync($"/api/odata/ReportDiscrepancies?$filter=Period eq '{month}'&$orderby=UnitCode", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var rows = JsonDocument.Parse(await feed.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(["P-STC", "P-SXD"], rows.Select(r => r.GetProperty("UnitCode").GetString()));
        var stc = rows[0];
        Assert.Equal(("ONLINE_DOSSIERS", "Sở Tài chính", "province"), (stc.GetProperty("IndicatorCode").GetString(), stc.GetProperty("UnitName").GetString(), stc.GetProperty("Tier").GetString()));
        Assert.Equal((62m, 50m, 12m), (stc.GetProperty("ReportedRate").GetDecimal(), stc.GetProperty("RecordRate").GetDecimal(), stc.GetProperty("DifferencePoints").GetDecimal()));
        Assert.Equal((62L, 100L, 500L, 1000L), (stc.GetProperty("ReportedNumerator").GetInt64(), stc.GetProperty("ReportedDenominator").GetInt64(), stc.GetProperty("RecordNumerator").GetInt64(), stc.GetProperty("RecordDenominator").GetInt64()));
        Assert.Equal(2.5m, rows[1].GetProperty("DifferencePoints").GetDecimal());

        var csv = await host.Http.GetStringAsync($"/api/datasets/ReportDiscrepancies.csv?period={month}&indicator=ONLINE_DOSSIERS", cancellationToken);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        Assert.Equal(["Period", "PeriodStart", "IndicatorCode", "UnitCode", "UnitName", "Tier", "ReportedRate", "RecordRate", "DifferencePoints", "ReportedNumerator", "ReportedDenominator", "RecordNumerator", "RecordDenominator", "UpdatedAt"], header);
        Assert.Equal(3, lines.Length);
        var sxd = lines.Select(l => l.Split(',')).Single(c => c[3] == "P-SXD");
        Assert.Equal(("81", "200", "38", "100"), (sxd[9], sxd[10], sxd[11], sxd[12]));

        var bulletin = await host.Http.GetStringAsync($"/api/bulletins/{month}", cancellationToken);
        Assert.Contains("## ĐỐI CHIẾU SỐ LIỆU BÁO CÁO VỚI DỮ LIỆU HỒ SƠ", bulletin, StringComparison.Ordinal);
        Assert.Contains("Có 2 số liệu báo cáo lệch quá 1 điểm phần trăm so với dữ liệu hồ sơ; lệch nhiều nhất: Sở Tài chính (tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến: báo cáo 62%, dữ liệu hồ sơ 50%); Sở Xây dựng", bulletin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecomputingWithTheSameInputsServesTheSameBytesAndNewRecordsReplaceTheDiscrepancies()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var month = new Period(2024, 5);
        await PrepareAsync(month, "Sở Tài chính,100,62\n", [Record(month, "ONLINE_DOSSIERS", "P-STC", "Sở Tài chính", 500, 1000)], cancellationToken);
        var first = await host.Http.GetStringAsync($"/api/datasets/ReportDiscrepancies.csv?period={month}", cancellationToken);
        var observations = await host.Http.GetStringAsync($"/api/datasets/Observations.csv?period={month}", cancellationToken);

        await RecomputeRequests.RecomputeAsync(host.Http, month.ToString(), cancellationToken);
        Assert.Equal(first, await host.Http.GetStringAsync($"/api/datasets/ReportDiscrepancies.csv?period={month}", cancellationToken));
        Assert.Equal(observations, await host.Http.GetStringAsync($"/api/datasets/Observations.csv?period={month}", cancellationToken));

        // The dossiers recounted: the unit now agrees with its report, and the month's served version has no discrepancy left.
        await new DossierFigureStore(host.Storage).ReplaceContributionAsync(month, [Record(month, "ONLINE_DOSSIERS", "P-STC", "Sở Tài chính", 615, 1000)], DateTimeOffset.UtcNow.AddSeconds(10), cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, month.ToString(), cancellationToken);
        Assert.Empty(await RowsAsync("ReportDiscrepancies", $"period={month}", cancellationToken));
        Assert.Equal((615L, 1000L, 61.5m), Counts(Assert.Single(await RowsAsync("Observations", $"period={month}&indicator=ONLINE_DOSSIERS", cancellationToken))));
    }

    private static (long, long, decimal) Counts(JsonElement row) =>
        (row.GetProperty("Numerator").GetInt64(), row.GetProperty("Denominator").GetInt64(), row.GetProperty("Rate").GetDecimal());
}
