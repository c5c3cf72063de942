using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Periods that need recomputing. A period is marked pending (a row in PendingPeriods) before
/// anything that changes its inputs is written, and a queue message asks for it to be recomputed
/// once they are. The mark is what recovery relies on: a recomputation clears it only if nobody
/// marked the period again meanwhile (its ETag), and marks left behind by a crash or a lost
/// message are sent again by the reconciliation sweep and recomputed by the nightly run.
/// </summary>
public class AggregationRequests(StorageAccount account)
{
    private const string Partition = "pending";

    /// <summary>Where an upload says it is writing a month's values: one row per month and upload, gone once they are written.</summary>
    private const string WritingPartition = "writing";

    /// <summary>How long an upload's word that it is writing holds a month's switch: past it, the writer is taken as crashed.</summary>
    public static readonly TimeSpan WritingFor = TimeSpan.FromMinutes(10);

    /// <summary>Set when the change may also move the next month's figures (its changes from this month).</summary>
    private const string NextProperty = "RecomputeNext";

    private readonly QueueClient _queue = account.Queues.GetQueueClient(StorageNames.AggregationQueue);
    private readonly TableClient _pending = account.Tables.GetTableClient(StorageNames.PendingPeriodsTable);

    /// <summary>Marks a period pending without asking for it yet: done before its inputs are written.</summary>
    public virtual async Task MarkAsync(Period period, bool recomputeNext, CancellationToken cancellationToken = default)
    {
        var mark = new TableEntity(Partition, period.ToString()) { ["Period"] = period.ToString() };
        if (recomputeNext)
        {
            mark[NextProperty] = true;
        }

        // Merge, so a mark without the flag never clears another writer's flag. Every write changes the ETag.
        await _pending.UpsertEntityAsync(mark, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which writes inputs of <paramref name="periods"/>, so that no
    /// computation of them switches in half-written inputs: each period is marked and the writer's
    /// word recorded before, marked again and the word taken back after. A crash in between leaves
    /// the marks, and the word holds the switch until <see cref="WritingFor"/> has passed.
    /// </summary>
    public virtual async Task WriteInputsAsync(IReadOnlyCollection<Period> periods, string writerId, Func<CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(write);
        var ordered = periods.Distinct().Order().ToList();
        foreach (var period in ordered)
        {
            await MarkAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
            await BeginWritingAsync(period, writerId, cancellationToken).ConfigureAwait(false);
        }

        await write(cancellationToken).ConfigureAwait(false);

        // Marked again before the word is taken back: a run that read the inputs half-written sees
        // the mark changed and computes again, and one that cleared the first mark leaves this one.
        foreach (var period in ordered)
        {
            await MarkAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
            await EndWritingAsync(period, writerId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Says that <paramref name="writerId"/> is writing inputs of the period: until it ends, no computation of the period is switched in.</summary>
    private async Task BeginWritingAsync(Period period, string writerId, CancellationToken cancellationToken) =>
        await _pending.UpsertEntityAsync(new TableEntity(WritingPartition, $"{period}|{writerId}") { ["Period"] = period.ToString() }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>The writer's inputs of the period are written.</summary>
    private async Task EndWritingAsync(Period period, string writerId, CancellationToken cancellationToken)
    {
        try
        {
            await _pending.DeleteEntityAsync(WritingPartition, $"{period}|{writerId}", ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Ended by an earlier attempt.
        }
    }

    /// <summary>True while an upload that began within <see cref="WritingFor"/> of <paramref name="now"/> is writing values of the period.</summary>
    public virtual async Task<bool> IsBeingWrittenAsync(Period period, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // '}' follows '|': the range holds exactly the period's rows.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WritingPartition} and RowKey ge {period + "|"} and RowKey lt {period + "}"}");
        await foreach (var writer in _pending.QueryAsync<TableEntity>(filter, select: ["RowKey", "Timestamp"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (writer.Timestamp is { } since && now - since < WritingFor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Marks the period (again) and asks for it to be recomputed within seconds.</summary>
    public virtual async Task RequestAsync(Period period, bool recomputeNext = false, CancellationToken cancellationToken = default)
    {
        await MarkAsync(period, recomputeNext, cancellationToken).ConfigureAwait(false);
        await SendAsync(period, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks for a recomputation without marking: for a period already marked, optionally after a delay.</summary>
    public virtual async Task SendAsync(Period period, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        await _queue.SendMessageAsync(period.ToString(), visibilityTimeout: delay, cancellationToken: cancellationToken).ConfigureAwait(false);

    public virtual async Task<IReadOnlyList<Period>> PendingAsync(CancellationToken cancellationToken = default) =>
        [.. (await MarksAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Period)];

    /// <summary>Every pending mark with when it was last written.</summary>
    public virtual async Task<IReadOnlyList<PendingMark>> MarksAsync(CancellationToken cancellationToken = default)
    {
        var marks = new List<PendingMark>();
        await foreach (var entity in _pending.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Period.TryParse(entity.RowKey, out var period))
            {
                marks.Add(ToMark(period, entity));
            }
        }

        return marks;
    }

    /// <summary>The current pending mark of a period, read before recomputing it; null when none.</summary>
    public virtual async Task<PendingMark?> PendingMarkAsync(Period period, CancellationToken cancellationToken = default)
    {
        var mark = await _pending.GetEntityIfExistsAsync<TableEntity>(Partition, period.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return mark.HasValue && mark.Value is { } entity ? ToMark(period, entity) : null;
    }

    /// <summary>
    /// Clears the mark seen before the recomputation. False when the period was marked again
    /// meanwhile (the ETag changed): its inputs changed during the run, and the mark stays.
    /// </summary>
    public virtual async Task<bool> CompleteAsync(PendingMark? seen, CancellationToken cancellationToken = default)
    {
        if (seen is null)
        {
            return true;
        }

        try
        {
            await _pending.DeleteEntityAsync(Partition, seen.Period.ToString(), seen.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Cleared by an earlier run that covered the same inputs.
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static PendingMark ToMark(Period period, TableEntity entity) =>
        new(period, entity.ETag, entity.GetBoolean(NextProperty) == true, entity.Timestamp ?? DateTimeOffset.MinValue);
}

/// <summary>A period's pending mark as read: its ETag, whether the next month follows, and when it was last written.</summary>
public sealed record PendingMark(Period Period, ETag ETag, bool RecomputeNext, DateTimeOffset MarkedAt);
