using System.Net;
using System.Text;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Ingestion;

/// <summary>The walking skeleton end to end: an upload lands in Table Storage and comes out of the API aggregated.</summary>
public sealed class UploadToDatasetTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task UploadedCsvIsAggregatedAndServedAsTierMeans()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var csv = """
            Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số,Tỷ lệ (%)
            Sở Tài chính,420,420,100
            Sở Xây dựng,1000,900,90
            UBND huyện Gia Bình,800,600,75
            """;

        await host.UploadAsync("so-tttt/2023-08/ky-so.csv", Encoding.UTF8.GetBytes(csv), cancellationToken);

        var province = await Eventually.GetAsync(async () =>
        {
            using var response = await host.Http.GetAsync("/api/datasets/TierAggregates.json?period=2023-08&indicator=DOC_SIGNED", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            return rows.EnumerateArray().Where(r => r.GetProperty("Tier").GetString() == "province")
                .Select(r => (JsonElement?)r).FirstOrDefault() is { } row ? new Box<JsonElement>(row) : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal(95m, province.Value.GetProperty("MeanRate").GetDecimal());
        Assert.Equal(2, province.Value.GetProperty("UnitsReporting").GetInt32());
        Assert.Equal(22, province.Value.GetProperty("UnitsExpected").GetInt32());
        Assert.Equal(1, province.Value.GetProperty("UnitsAtFullRate").GetInt32());
        Assert.Equal("2023-08-01", province.Value.GetProperty("PeriodStart").GetString());
    }

    [Fact]
    public async Task HealthIsAnswered()
    {
        using var response = await host.Http.GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed record Box<T>(T Value);
}
