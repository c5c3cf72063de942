using Azure.Data.Tables;
using Azure.Storage.Queues;
using BacNinh.Core.Periods;
using BacNinh.Storage.Tables;

namespace BacNinh.Storage.Queues;

/// <summary>
/// Periods that need recomputing. Ingestion both queues the period (recomputed within seconds)
/// and marks it pending (the nightly run's safety net if a message is lost).
/// </summary>
public class AggregationRequests(StorageAccount account)
{
    private readonly QueueClient _queue = account.Queues.GetQueueClient(StorageNames.AggregationQueue);
    private readonly TableClient _pending = account.Tables.GetTableClient(StorageNames.PendingPeriodsTable);

    public virtual async Task RequestAsync(Period period, CancellationToken cancellationToken = default)
    {
        await _pending.UpsertEntityAsync(new TableEntity("pending", period.ToString()) { ["Period"] = period.ToString() }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await _queue.SendMessageAsync(period.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<IReadOnlyList<Period>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var periods = new List<Period>();
        await foreach (var entity in _pending.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"pending"}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Period.TryParse(entity.RowKey, out var period))
            {
                periods.Add(period);
            }
        }

        return periods;
    }

    /// <summary>The current pending mark of a period (its ETag), read before recomputing it.</summary>
    public virtual async Task<Azure.ETag?> PendingMarkAsync(Period period, CancellationToken cancellationToken = default)
    {
        var mark = await _pending.GetEntityIfExistsAsync<TableEntity>("pending", period.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return mark.HasValue ? mark.Value!.ETag : null;
    }

    /// <summary>
    /// Clears the pending mark seen before the recomputation, unless ingestion marked the period
    /// again meanwhile (the ETag changed): then the mark stays for the next run.
    /// </summary>
    public virtual async Task CompleteAsync(Period period, Azure.ETag? seen, CancellationToken cancellationToken = default)
    {
        if (seen is not { } etag)
        {
            return;
        }

        try
        {
            await _pending.DeleteEntityAsync("pending", period.ToString(), etag, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already cleared by an overlapping run, or marked again since: either way nothing to do.
        }
    }
}
