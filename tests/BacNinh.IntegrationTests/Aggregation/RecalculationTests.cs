using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Functions.Aggregation;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>Corrections, repeats and on-demand runs, through the blob trigger and the HTTP API. Each test uses its own month.</summary>
public sealed class RecalculationTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    [Fact]
    public async Task AMonthIsNotSwitchedWhileAnUploadWritesItsValues()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2023, 11);
        var versions = new MonthVersions(host.Storage);
        var requests = new AggregationRequests(host.Storage);
        await host.UploadAndReportAsync("so-tttt/2023-11/lan-1.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,100,50\n"), cancellationToken);
        var served = await Eventually.GetAsync(async () => await versions.GetAsync(period, cancellationToken) is { } pointer
            && await requests.PendingMarkAsync(period, cancellationToken) is null ? pointer : null, TimeSpan.FromSeconds(90), cancellationToken);

        // An upload in flight writes inputs of the month (as workbook values and dossier contributions
        // are written): a run now would read them half-written, so it does not switch.
        var recalculator = host.Host.App.Services.GetRequiredService<PeriodRecalculator>();
        await requests.WriteInputsAsync([period], "an-upload-in-flight", async token =>
        {
            var (outcome, _) = await recalculator.RecalculateAsync(period, onlyIfPending: true, token);
            Assert.Equal(RecalculationOutcome.Busy, outcome);
            Assert.Equal(served.Current, (await versions.GetAsync(period, token))!.Current);
            Assert.NotNull(await requests.PendingMarkAsync(period, token));
        }, cancellationToken);

        // Written: marked again, the word taken back; asked for, the month is recomputed and switched.
        Assert.False(await requests.IsBeingWrittenAsync(period, DateTimeOffset.UtcNow, cancellationToken));
        await requests.SendAsync(period, cancellationToken: cancellationToken);
        await Eventually.GetAsync(async () => await versions.GetAsync(period, cancellationToken) is { } pointer && pointer.Current != served.Current
            && await requests.PendingMarkAsync(period, cancellationToken) is null ? pointer : null, TimeSpan.FromSeconds(90), cancellationToken);
    }

    private async Task<JsonElement?> ProvinceAsync(string period, CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync($"/api/datasets/TierAggregates.json?period={period}&indicator=DOC_SIGNED&tier=province", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        return rows.GetArrayLength() == 0 ? null : rows[0];
    }

    private Task<Box> ProvinceMeanAsync(string period, decimal expected, CancellationToken cancellationToken) =>
        Eventually.GetAsync(async () => await ProvinceAsync(period, cancellationToken) is { } row
            && row.GetProperty("MeanRate").GetDecimal() == expected ? new Box(row) : null, TimeSpan.FromSeconds(60), cancellationToken);

    [Fact]
    public async Task CorrectedUploadChangesTheTierMeanAndKeepsTheEarlierValueInHistory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await host.UploadAsync("so-tttt/2023-05/lan-1.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,100,100\nSở Xây dựng,100,50\n"), cancellationToken);
        await ProvinceMeanAsync("2023-05", 75m, cancellationToken);

        // The correction is uploaded in a later second than the file it corrects (Last-Modified has whole seconds).
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        await host.UploadAsync("p-sxd/2023-05/lan-2.csv", Encoding.UTF8.GetBytes(Header + "Sở Xây dựng,100,90\n"), cancellationToken);
        await ProvinceMeanAsync("2023-05", 95m, cancellationToken);

        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);
        var rates = new List<string>();
        await foreach (var row in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"2023-05_DOC_SIGNED"} and UnitCode eq {"P-SXD"}"), cancellationToken: cancellationToken))
        {
            rates.Add(row.GetString("Rate"));
        }

        Assert.Equal(["90", "50"], rates);
    }

    [Fact]
    public async Task BulletinIsServedAsMarkdownAndHtmlAfterAnUpload()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await host.UploadAsync("so-tttt/2023-03/bao-cao.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,10,10\nSở Y tế,10,5\n"), cancellationToken);

        // The bulletin is written after the figures of every indicator.
        var markdown = await Eventually.GetAsync(async () =>
        {
            using var response = await host.Http.GetAsync("/api/bulletins/2023-03", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }, TimeSpan.FromSeconds(120), cancellationToken);
        using var html = await host.Http.GetAsync("/api/bulletins/2023-03?format=html", cancellationToken);

        Assert.StartsWith("# Bắc Ninh: Chỉ tiêu chuyển đổi số tháng 3/2023", markdown, StringComparison.Ordinal);
        Assert.Contains("01 cơ quan, đơn vị có tỷ lệ đạt 100% gồm: Sở Tài chính.", markdown, StringComparison.Ordinal);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<p>", await html.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecomputeOnDemandIsQueuedAndItsStatusReportsWhenTheFiguresAreServed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await host.UploadAndReportAsync("so-tttt/2023-02/bao-cao.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,100,80\n"), cancellationToken);

        var done = await RecomputeRequests.RecomputeAsync(host.Http, "2023-02", cancellationToken);

        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(80m, (await ProvinceAsync("2023-02", cancellationToken))?.GetProperty("MeanRate").GetDecimal());
    }

    private sealed record Box(JsonElement Row);
}
