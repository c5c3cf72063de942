using Azure.Data.Tables;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Storage;

/// <summary>
/// Actions handed over one at a time (a parser's sink) reach the table in entity-group transactions;
/// the hook runs before each transaction (one at least per partition), and a failed transaction is the writer's failure.
/// </summary>
public sealed class StreamingTableWriterTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var table = host.Storage.Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync(cancellationToken);
        return table;
    }

    [Fact]
    public async Task EveryActionOverManyPartitionsIsWrittenAndTheHookRunsBeforeEachTransaction()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var table = await TableAsync("StreamingWriterMany", cancellationToken);
        var hookCalls = 0;
        var writer = new StreamingTableWriter(table, async token =>
        {
            Interlocked.Increment(ref hookCalls);
            await Task.Yield();
        }, cancellationToken: cancellationToken);
        await using (writer)
        {
            for (var i = 0; i < 3_000; i++)
            {
                writer.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity($"p{i % 150:D3}", $"r{i:D5}") { ["N"] = i }));
            }

            await writer.CompleteAsync();
        }

        Assert.Equal(3_000, writer.Count);
        Assert.InRange(hookCalls, 150, 3_000);
        var stored = table.Query<TableEntity>(cancellationToken: cancellationToken).ToList();
        Assert.Equal(Enumerable.Range(0, 3_000), stored.Select(e => e.GetInt32("N")!.Value).Order());
    }

    [Fact]
    public async Task AFailedTransactionIsThrownByCompleteAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var table = await TableAsync("StreamingWriterFails", cancellationToken);
        await table.UpsertEntityAsync(new TableEntity("p", "taken"), cancellationToken: cancellationToken);
        var writer = new StreamingTableWriter(table, cancellationToken: cancellationToken);
        await using (writer)
        {
            writer.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "taken")));

            var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(writer.CompleteAsync);

            Assert.Equal(409, failure.Status);
        }
    }
}
