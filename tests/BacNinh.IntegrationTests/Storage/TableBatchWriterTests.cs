using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Storage;

/// <summary>
/// Entity-group transactions as Azure requires them (one partition, ≤ 100 actions, ≤ 4 MiB), checked on
/// the requests the SDK really sends to Azurite, which itself enforces neither of the last two limits.
/// </summary>
public sealed class TableBatchWriterTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const long AzureBatchLimitBytes = 4 * 1024 * 1024;

    [Fact]
    public async Task TransactionsHoldOnePartitionAndAtMostOneHundredActions()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (table, batches) = await RecordingTableAsync(cancellationToken);
        var entities = Enumerable.Range(0, 250).Select(i => new TableEntity($"p{i % 2}", $"r{i:D3}") { ["Name"] = $"Xã Thử {i}" }).ToList();

        await TableBatchWriter.SubmitAsync(table, entities.Select(Upsert), cancellationToken);

        Assert.All(batches, b => Assert.InRange(b.Actions, 1, 100));
        Assert.All(batches, b => Assert.Single(b.Partitions));
        Assert.Equal(250, batches.Sum(b => b.Actions));
        Assert.Equal(250, table.Query<TableEntity>(cancellationToken: cancellationToken).Count());
    }

    [Fact]
    public async Task LargeVietnameseEntitiesAreSplitSoEachTransactionStaysUnderFourMebibytes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (table, batches) = await RecordingTableAsync(cancellationToken);
        var note = string.Concat(Enumerable.Repeat("Ghi chú: số liệu được tổng hợp từ hồ sơ công việc. ", 600))[..30_000];
        var entities = Enumerable.Range(0, 100).Select(i => new TableEntity("p", $"r{i:D3}") { ["Note"] = note }).ToList();

        await TableBatchWriter.SubmitAsync(table, entities.Select(Upsert), cancellationToken);

        Assert.True(batches.Count > 1, "100 entities of 30,000 Vietnamese characters do not fit one transaction.");
        Assert.All(batches, b => Assert.True(b.Bytes < AzureBatchLimitBytes, $"A transaction of {b.Bytes:N0} bytes exceeds 4 MiB."));
        Assert.Equal(100, batches.Sum(b => b.Actions));
        Assert.Equal(100, table.Query<TableEntity>(cancellationToken: cancellationToken).Count());
    }

    private static TableTransactionAction Upsert(TableEntity entity) => new(TableTransactionActionType.UpsertReplace, entity);

    private async Task<(TableClient Table, ConcurrentBag<RecordedBatch> Batches)> RecordingTableAsync(CancellationToken cancellationToken)
    {
        var recorder = new BatchRecorder();
        var options = new TableClientOptions();
        options.AddPolicy(recorder, HttpPipelinePosition.PerCall);
        var table = new TableClient(host.Host.StorageConnection, $"batch{Guid.NewGuid():N}"[..20], options);
        await table.CreateIfNotExistsAsync(cancellationToken);
        recorder.Batches.Clear();
        return (table, recorder.Batches);
    }

    private sealed record RecordedBatch(long Bytes, int Actions, IReadOnlySet<string> Partitions);

    /// <summary>Reads each $batch request body as it leaves the client: its size, its operations and their partitions.</summary>
    private sealed class BatchRecorder : HttpPipelinePolicy
    {
        public ConcurrentBag<RecordedBatch> Batches { get; } = [];

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            await ProcessNextAsync(message, pipeline);
        }

        private void Record(HttpMessage message)
        {
            if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) || message.Request.Content is null)
            {
                return;
            }

            using var body = new MemoryStream();
            message.Request.Content.WriteTo(body, CancellationToken.None);
            var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
            var partitions = System.Text.RegularExpressions.Regex.Matches(text, @"PartitionKey='([^']*)'")
                .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var actions = System.Text.RegularExpressions.Regex.Count(text, @"^(PUT|POST|MERGE|PATCH|DELETE) ", System.Text.RegularExpressions.RegexOptions.Multiline);
            Batches.Add(new RecordedBatch(body.Length, actions, partitions));
        }
    }
}
