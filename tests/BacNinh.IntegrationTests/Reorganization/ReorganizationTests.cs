using System.Net;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Ingestion;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Reorganization;

/// <summary>
/// The province as it is today, end to end through the blob trigger, the aggregation run and the
/// datasets (contract §2a): comparable figures across 1 July 2025, the 2025 coordinator, and
/// successors correcting their predecessors' months.
/// </summary>
public sealed class ReorganizationTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Dossiers = "Mã đơn vị,Tên đơn vị,Tổng số hồ sơ tiếp nhận,Số hồ sơ trực tuyến\n";
    private const string Documents = "Mã đơn vị,Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    private static byte[] Csv(string header, params (string Code, string Name, int Denominator, int Numerator)[] rows) =>
        Encoding.UTF8.GetBytes(header + string.Concat(rows.Select(r => $"{r.Code},{r.Name},{r.Denominator},{r.Numerator}\n")));

    private async Task<JsonElement[]> RowsAsync(string set, string query, CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync($"/api/datasets/{set}.json?{query}", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.EnumerateArray()];
    }

    private Task<JsonElement[]> RowsWhenAsync(string set, string query, Func<JsonElement[], bool> ready, CancellationToken cancellationToken) =>
        Eventually.GetAsync(async () => await RowsAsync(set, query, cancellationToken) is var rows && ready(rows) ? rows : null, TimeSpan.FromSeconds(90), cancellationToken);

    private static JsonElement Unit(JsonElement[] rows, string code) => Assert.Single(rows, r => r.GetProperty("UnitCode").GetString() == code);

    [Fact]
    public async Task AJulyChangeIsComputedOnThePooledPredecessorsOfEachNewWard()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // June 2025: the six wards of old Bắc Ninh that became Phường Kinh Bắc, Σ 600 / 1000 = 60 %.
        var june = await host.UploadAndReportAsync("so-khcn/2025-06/thang-6.csv", Csv(Dossiers,
            ("09187", "Phường Suối Hoa", 100, 90), ("09184", "Phường Tiền Ninh Vệ", 200, 150), ("09172", "Phường Kinh Bắc", 100, 60),
            ("09214", "Phường Hòa Long", 200, 100), ("09226", "Phường Vạn An", 200, 120), ("09235", "Phường Khúc Xuyên", 200, 80)), cancellationToken);
        var july = await host.UploadAndReportAsync("so-khcn/2025-07/thang-7.csv", Csv(Dossiers, ("09187", "Phường Kinh Bắc", 1000, 700)), cancellationToken);
        Assert.Equal((UploadStatus.Accepted.ToString(), 6), (june.Status, june.RowsAccepted));
        Assert.Equal(UploadStatus.Accepted.ToString(), july.Status);

        var observations = await RowsWhenAsync("Observations", "period=2025-07&indicator=ONLINE_DOSSIERS",
            rows => rows.Any(r => r.GetProperty("PreviousRate").ValueKind == JsonValueKind.Number), cancellationToken);
        var kinhBac = Unit(observations, "09187");
        Assert.Equal("Phường Kinh Bắc", kinhBac.GetProperty("UnitName").GetString());
        Assert.Equal((70m, 60m, 10m), (kinhBac.GetProperty("Rate").GetDecimal(), kinhBac.GetProperty("PreviousRate").GetDecimal(), kinhBac.GetProperty("DeltaPoints").GetDecimal()));
        var commune = Assert.Single(await RowsAsync("TierAggregates", "period=2025-07&indicator=ONLINE_DOSSIERS&tier=commune", cancellationToken));
        Assert.Equal((60m, 10m), (commune.GetProperty("PreviousRate").GetDecimal(), commune.GetProperty("DeltaPoints").GetDecimal()));

        // The June comparable figure of today's Kinh Bắc pools the six wards; June's own rows keep their June names.
        var comparable = await RowsAsync("ComparableObservations", "period=2025-06&indicator=ONLINE_DOSSIERS&tier=commune", cancellationToken);
        var pooled = Unit(comparable, "09187");
        Assert.Equal(("Phường Kinh Bắc", "pooled", 6, 6), (pooled.GetProperty("UnitName").GetString(), pooled.GetProperty("Basis").GetString(),
            pooled.GetProperty("PredecessorsExpected").GetInt32(), pooled.GetProperty("PredecessorsReported").GetInt32()));
        Assert.Equal((600L, 1000L, 60m), (pooled.GetProperty("Numerator").GetInt64(), pooled.GetProperty("Denominator").GetInt64(), pooled.GetProperty("Rate").GetDecimal()));
        var juneUnits = await RowsAsync("Observations", "period=2025-06&indicator=ONLINE_DOSSIERS", cancellationToken);
        Assert.Equal("Phường Suối Hoa", Unit(juneUnits, "09187").GetProperty("UnitName").GetString());

        var bulletin = await host.Http.GetStringAsync("/api/bulletins/2025-07", cancellationToken);
        Assert.Contains("được tính trên số liệu so sánh được", bulletin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASoKhcnFileFor2026_10IsAcceptedForTheProvinceTier()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string[] agencies =
        [
            "Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
            "Sở Khoa học và Công nghệ", "Sở Văn hóa - Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh", "Sở Dân tộc và Tôn giáo",
        ];
        var csv = Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n" + string.Concat(agencies.Select(a => $"{a},100,95\n")));

        var report = await host.UploadAndReportAsync("so-khcn/2026-10/bao-cao.csv", csv, cancellationToken);

        Assert.Equal((UploadStatus.Accepted.ToString(), 13, 0), (report.Status, report.RowsAccepted, report.RowsRejected));
        var province = Assert.Single(await RowsWhenAsync("TierAggregates", "period=2026-10&indicator=DOC_SIGNED&tier=province", rows => rows.Length > 0, cancellationToken));
        Assert.Equal((13, 13, 95m), (province.GetProperty("UnitsExpected").GetInt32(), province.GetProperty("UnitsReporting").GetInt32(), province.GetProperty("HeadlineRate").GetDecimal()));
    }

    [Fact]
    public async Task KinhBacsFolderCorrectsSuoiHoasJune2025AndANeighboursFolderCannot()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await host.UploadAndReportAsync("so-khcn/2025-06/van-ban.csv", Csv(Documents, ("09187", "Phường Suối Hoa", 100, 50), ("09184", "Phường Tiền Ninh Vệ", 100, 50)), cancellationToken);
        await RowsWhenAsync("Observations", "period=2025-06&indicator=DOC_SIGNED", rows => rows.Length == 2, cancellationToken);

        // Suối Hoa and Tiền Ninh Vệ have no staff since July 2025: Kinh Bắc's clerks correct their June.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        var correction = await host.UploadAndReportAsync("09187/2025-06/sua.csv", Csv(Documents, ("09187", "Phường Suối Hoa", 100, 95), ("09184", "Phường Tiền Ninh Vệ", 100, 85)), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        var neighbour = await host.UploadAndReportAsync("09169/2025-06/sua.csv", Csv(Documents, ("09187", "Phường Suối Hoa", 100, 10)), cancellationToken);

        Assert.Equal((UploadStatus.Accepted.ToString(), 2), (correction.Status, correction.RowsAccepted));
        Assert.Equal(ProblemCodes.UnitNotAllowed, Assert.Single(neighbour.Problems).Code);
        var current = await RowsWhenAsync("Observations", "period=2025-06&indicator=DOC_SIGNED",
            rows => rows.Length == 2 && rows.All(r => r.GetProperty("Rate").GetDecimal() > 50m), cancellationToken);
        Assert.Equal((95m, 85m), (Unit(current, "09187").GetProperty("Rate").GetDecimal(), Unit(current, "09184").GetProperty("Rate").GetDecimal()));
    }

    [Fact]
    public async Task UnitLineageServesEveryEdgeOfBothRounds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var edges = await RowsAsync("UnitLineage", string.Empty, cancellationToken);
        using var csv = await host.Http.GetAsync("/api/datasets/UnitLineage.csv", cancellationToken);

        Assert.Equal(325, edges.Count(e => e.GetProperty("SuccessorCode").GetString()!.StartsWith('0')));
        var laiHa = Assert.Single(edges, e => e.GetProperty("PredecessorCode").GetString() == "09520");
        Assert.Equal(("Xã Lai Hạ", "09508", "Xã An Tập", "2024-12-01"), (laiHa.GetProperty("PredecessorName").GetString(), laiHa.GetProperty("SuccessorCode").GetString(),
            laiHa.GetProperty("SuccessorName").GetString(), laiHa.GetProperty("Effective").GetString()));
        Assert.StartsWith("medium-low", laiHa.GetProperty("Confidence").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("Sở Thông tin và Truyền thông", await csv.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }
}
