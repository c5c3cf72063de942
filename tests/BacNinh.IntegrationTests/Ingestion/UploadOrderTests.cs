using System.Text;
using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BacNinh.IntegrationTests.Ingestion;

/// <summary>
/// The most recently uploaded version is current whatever order versions are processed in
/// (contract §3). The test decides the order: it stages the files where no trigger watches and
/// hands them to the host's ingestor itself.
/// </summary>
public sealed class UploadOrderTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    /// <summary>Every unit of the month, so each upload spans several entity-group transactions.</summary>
    private static string Workbook(Period period, long signed)
    {
        var units = ReferenceData.LoadDefaults().Units.For(period).Units;
        return Header + string.Concat(units.Select(u => $"{u.Code},100,{signed}\n"));
    }

    private async Task<(Azure.Storage.Blobs.BlobClient Older, Azure.Storage.Blobs.BlobClient Newer)> StageAsync(Period period, CancellationToken cancellationToken)
    {
        var older = await host.StageAsync($"{period}/a.csv", Encoding.UTF8.GetBytes(Workbook(period, 50)), cancellationToken);
        // Last-Modified, the upload time, has whole seconds: the newer version is a second later.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        var newer = await host.StageAsync($"{period}/b.csv", Encoding.UTF8.GetBytes(Workbook(period, 90)), cancellationToken);
        return (older, newer);
    }

    private List<TableEntity> Current(Period period) =>
        [.. host.Storage.Tables.GetTableClient(StorageNames.UnitValuesTable).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period + "_DOC_SIGNED"}"))];

    [Fact]
    public async Task TheNewerUploadStaysCurrentWhenTheOlderIsProcessedAfterIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2022, 1);
        var (older, newer) = await StageAsync(period, cancellationToken);

        var b = await host.Ingestor.IngestAsync(newer, $"so-tttt/{period}/b.csv", cancellationToken);
        var a = await host.Ingestor.IngestAsync(older, $"so-tttt/{period}/a.csv", cancellationToken);

        Assert.True(a.UploadedAt < b.UploadedAt);
        var current = Current(period);
        Assert.Equal(a.RowsAccepted, current.Count);
        Assert.All(current, e => Assert.Equal((b.UploadId, 90L), (e.GetString("UploadId"), e.GetInt64("Numerator")!.Value)));

        // Both versions stay in history, newest first, each once.
        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period + "_DOC_SIGNED"}"), cancellationToken: cancellationToken).ToList();
        Assert.Equal(2 * current.Count, history.Count);
        Assert.All(history.GroupBy(e => e.GetString("UnitCode")), g => Assert.Equal([90L, 50L], g.Select(e => e.GetInt64("Numerator")!.Value)));
    }

    [Theory]
    [InlineData(2022, 2)]
    [InlineData(2022, 3)]
    [InlineData(2022, 4)]
    public async Task TheNewerUploadIsCurrentWhenBothAreProcessedAtOnce(int year, int month)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(year, month);
        var (older, newer) = await StageAsync(period, cancellationToken);

        var reports = await Task.WhenAll(
            Task.Run(() => host.Ingestor.IngestAsync(older, $"so-tttt/{period}/a.csv", cancellationToken), cancellationToken),
            Task.Run(() => host.Ingestor.IngestAsync(newer, $"so-tttt/{period}/b.csv", cancellationToken), cancellationToken));

        Assert.All(Current(period), e => Assert.Equal((reports[1].UploadId, 90L), (e.GetString("UploadId"), e.GetInt64("Numerator")!.Value)));
    }

    [Fact]
    public async Task AVersionProcessedAgainAfterACrashWritesNoDuplicate()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2022, 5);
        var (older, _) = await StageAsync(period, cancellationToken);
        var first = await host.Ingestor.IngestAsync(older, $"so-tttt/{period}/a.csv", cancellationToken);
        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);
        var before = history.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period + "_DOC_SIGNED"}"), cancellationToken: cancellationToken).Count();

        // A crash after the values and before the report: the report is missing, the next delivery processes it again.
        await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer).DeleteBlobAsync($"so-tttt/{first.UploadId}.json", cancellationToken: cancellationToken);
        var again = await host.Ingestor.IngestAsync(older, $"so-tttt/{period}/a.csv", cancellationToken);

        Assert.Equal(first.UploadId, again.UploadId);
        Assert.True(again.ProcessedAt > first.ProcessedAt);
        Assert.Equal(before, history.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period + "_DOC_SIGNED"}"), cancellationToken: cancellationToken).Count());
    }

    [Fact]
    public void TheTriggersRunWithHostJsonsSettingsAndTheLastAttemptComesBeforeThePlatformGivesUp()
    {
        var blobs = host.Host.App.Services.GetRequiredService<IOptions<Microsoft.Azure.WebJobs.Host.BlobsOptions>>().Value;
        var queues = host.Host.App.Services.GetRequiredService<IOptions<Microsoft.Azure.WebJobs.Host.QueuesOptions>>().Value;
        var ingestion = host.Host.App.Services.GetRequiredService<IOptions<BacNinh.Functions.Ingestion.IngestionOptions>>().Value;

        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var extensions = hostJson.RootElement.GetProperty("extensions");
        Assert.Equal(extensions.GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32(), blobs.PoisonBlobThreshold);
        Assert.Equal(extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32(), queues.MaxDequeueCount);
        Assert.Equal(extensions.GetProperty("queues").GetProperty("batchSize").GetInt32(), queues.BatchSize);

        // An idle queue is polled at most this far apart: a month is recomputed within seconds of its upload, in Azure as here.
        Assert.Equal(TimeSpan.Parse(extensions.GetProperty("queues").GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture), queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), queues.MaxPollingInterval);
        var singleton = host.Host.App.Services.GetRequiredService<IOptions<Microsoft.Azure.WebJobs.Host.SingletonOptions>>().Value;
        Assert.Equal(TimeSpan.Parse(hostJson.RootElement.GetProperty("singleton").GetProperty("listenerLockPeriod").GetString()!, System.Globalization.CultureInfo.InvariantCulture), singleton.ListenerLockPeriod);

        // The app's own last attempt (which writes the PROCESSING_FAILED report) is one the trigger makes.
        Assert.True(ingestion.MaxAttempts <= blobs.PoisonBlobThreshold, $"MaxAttempts {ingestion.MaxAttempts} > poisonBlobThreshold {blobs.PoisonBlobThreshold}");
    }

    [Fact]
    public async Task TwoRecomputesRacingWhileAnUploadLandsEndWithTheUploadsFigures()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2022, 6);
        var first = await host.UploadAndReportAsync($"so-tttt/{period}/bao-cao.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,100,40\nSở Y tế,100,60\n"), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);

        var racing = new Task[]
        {
            host.Http.PostAsync($"/api/aggregations/{period}", null, cancellationToken),
            host.UploadAsync($"p-stc/{period}/sua.csv", Encoding.UTF8.GetBytes(Header + "Sở Tài chính,100,100\n"), cancellationToken),
            host.Http.PostAsync($"/api/aggregations/{period}", null, cancellationToken),
        };
        await Task.WhenAll(racing);

        var requests = new AggregationRequests(host.Storage);
        var observations = await Eventually.GetAsync(async () =>
        {
            if ((await requests.PendingAsync(cancellationToken)).Contains(period))
            {
                return null;
            }

            var served = await new MonthVersions(host.Storage).SnapshotAsync(cancellationToken);
            var rows = host.Storage.Tables.GetTableClient(StorageNames.ObservationsTable)
                .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {period + "_DOC_SIGNED"}"), cancellationToken: cancellationToken).Where(e => served.IsServed(e)).ToList();
            return rows.Any(r => r.GetString("UnitCode") == "P-STC" && r.GetInt64("Numerator") == 100) ? rows : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);

        Assert.Equal(new Dictionary<string, long> { ["P-STC"] = 100, ["P-SYT"] = 60 }, observations.ToDictionary(r => r.GetString("UnitCode"), r => r.GetInt64("Numerator")!.Value));
        Assert.Equal(nameof(Core.Ingestion.UploadStatus.Accepted), first.Status);
    }
}
