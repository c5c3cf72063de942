using Azure;
using Azure.Data.Tables;

namespace BacNinh.Storage;

/// <summary>
/// Writes entities in entity-group transactions: one partition, at most 100 actions and under
/// the 4 MiB payload limit each. Azurite does not enforce the last two, Azure does.
/// </summary>
public static class TableBatchWriter
{
    public const int MaxActions = 100;

    // Leave room for the multipart envelope around each entity.
    public const int MaxPayloadBytes = 4 * 1024 * 1024 - 256 * 1024;

    /// <summary>Transactions in flight at once: enough to keep the service busy while the client builds the next ones.</summary>
    public const int MaxConcurrentTransactions = 4;

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);

        // Transactions touch disjoint rows, so their order does not matter; the SDK retries each one.
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentTransactions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Transactions(actions), options,
            async (batch, token) => await table.SubmitTransactionAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Groups actions into entity-group transactions: one partition, ≤ 100 actions, under the payload limit.</summary>
    private static IEnumerable<IReadOnlyList<TableTransactionAction>> Transactions(IEnumerable<TableTransactionAction> actions)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>(MaxActions);
            var bytes = 0;
            foreach (var action in partition)
            {
                var size = EstimateBytes(action.Entity);
                if (batch.Count == MaxActions || (batch.Count > 0 && bytes + size > MaxPayloadBytes))
                {
                    yield return batch;
                    batch = new List<TableTransactionAction>(MaxActions);
                    bytes = 0;
                }

                batch.Add(action);
                bytes += size;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Makes a partition hold exactly <paramref name="entities"/>: upserts them and deletes the
    /// rows that are no longer there. Running it twice with the same input changes nothing.
    /// </summary>
    public static async Task ReplacePartitionAsync(TableClient table, string partitionKey, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(entities);

        // Two overlapping runs may both delete the same stale row; the loser's transaction fails
        // and simply reads the partition again, after a short pause that lets the winner finish.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ReplaceOnceAsync(table, partitionKey, entities, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ReplaceOnceAsync(TableClient table, string partitionKey, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var keep = entities.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var existing in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!keep.Contains(existing.RowKey))
            {
                stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, existing, ETag.All));
            }
        }

        await SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).Concat(stale), cancellationToken).ConfigureAwait(false);
    }

    internal static int EstimateBytes(ITableEntity entity)
    {
        var size = 64 + (entity.PartitionKey.Length + entity.RowKey.Length) * 2;
        if (entity is TableEntity dynamic)
        {
            foreach (var (key, value) in dynamic)
            {
                size += key.Length * 2 + 16 + value switch
                {
                    // Worst case on the wire: JSON escapes each non-ASCII character as \uXXXX.
                    string s => s.Length * 6,
                    byte[] b => b.Length * 4 / 3,
                    _ => 16,
                };
            }
        }

        return size;
    }
}
