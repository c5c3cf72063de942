using System.Collections.Concurrent;
using Azure.Data.Tables;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Keeps a dossier current in one month only (§2b: an id counts once, the newest upload's), across
/// months received: a re-export that corrects a received date puts the id's new row in another
/// month than its old one. Run by a recount on each partition it has read: the partition's current
/// ids are written to <see cref="DossierIdSummaries"/> first, then compared with the same bucket of
/// every other month. An id current in both gets a tombstone in the month of the older row (with the
/// newer upload's order, so it outweighs that row): the other month is then
/// <see cref="Displaced"/> (to be recounted), or this one <see cref="MovedOut"/> (recounted again).
/// Two recounts running at once both write before they compare, so the later of them sees the other.
/// Tombstones in another month are a change of that month's dossiers: they are followed by
/// <c>markChanged</c>, so a recount of that month that read its change tag before runs again.
/// </summary>
internal sealed class DossierMoveCheck(TableClient table, DossierIdSummaries summaries, Period received, IReadOnlyList<Period> otherMonths,
    Func<Period, CancellationToken, Task> markChanged)
{
    private const int Concurrency = 8;

    /// <summary>Partitions checked at once, each reading up to <see cref="Concurrency"/> summaries.</summary>
    private const int Partitions = 2;

    private readonly SemaphoreSlim _partitions = new(Partitions, Partitions);
    private readonly List<Task> _checks = [];

    private readonly Lock _gate = new();
    private readonly HashSet<Period> _displaced = [];
    private bool _movedOut;

    /// <summary>Other months whose summary names an id that is not current there: to be recounted.</summary>
    public IReadOnlyCollection<Period> Displaced
    {
        get
        {
            lock (_gate)
            {
                return [.. _displaced];
            }
        }
    }

    /// <summary>True when an id current here had a newer row in another month: this month has a new tombstone.</summary>
    public bool MovedOut
    {
        get
        {
            lock (_gate)
            {
                return _movedOut;
            }
        }
    }

    /// <summary>Checks one partition read, in the background, while the scan goes on (a couple at a time).</summary>
    /// <param name="partition">The partition read.</param>
    /// <param name="ids">Its ids: id key → the current row's key, or null where a tombstone is current; not changed from now on.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public void Start(string partition, IReadOnlyDictionary<string, string?> ids, CancellationToken cancellationToken)
    {
        _checks.Add(Task.Run(async () =>
        {
            await _partitions.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await CheckAsync(partition, ids, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _partitions.Release();
            }
        }, cancellationToken));
    }

    /// <summary>Waits for every check started; throws the first failure.</summary>
    public async Task CompleteAsync()
    {
        try
        {
            await Task.WhenAll(_checks).ConfigureAwait(false);
        }
        finally
        {
            _partitions.Dispose();
        }
    }

    private async Task CheckAsync(string partition, IReadOnlyDictionary<string, string?> ids, CancellationToken cancellationToken)
    {
        var bucket = DossierRecordKeys.BucketOf(partition);
        await summaries.WriteAsync(received, bucket, ids.Where(id => id.Value is not null).Select(id => id.Key), cancellationToken).ConfigureAwait(false);
        var both = new System.Collections.Concurrent.ConcurrentBag<(Period Month, string IdKey, string RowKey)>();
        await Parallel.ForEachAsync(otherMonths, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (month, token) =>
        {
            await foreach (var id in summaries.ReadAsync(month, bucket, token).ConfigureAwait(false))
            {
                if (ids.TryGetValue(id, out var rowKey) && rowKey is not null)
                {
                    both.Add((month, id, rowKey));
                }
            }
        }).ConfigureAwait(false);

        // A mass correction can move thousands: a few at a time, each a query and at most one write.
        var tombstoned = new ConcurrentDictionary<Period, bool>();
        await Parallel.ForEachAsync(both, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                if (await ResolveAsync(partition, id.Month, DossierRecordKeys.Partition(id.Month, bucket), id.IdKey, id.RowKey, token).ConfigureAwait(false))
                {
                    tombstoned[id.Month] = true;
                }
            }).ConfigureAwait(false);

        // After its tombstones, once: a recount of that month that scanned before them would otherwise replace its
        // figures last, still counting the ids, and find its change tag the same (counted in both months).
        foreach (var month in tombstoned.Keys.Order())
        {
            await markChanged(month, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For one id current here and named by <paramref name="other"/>'s summary: which month's row is the newer
    /// upload's. True when a tombstone was written in the other month.
    /// </summary>
    private async Task<bool> ResolveAsync(string partition, Period other, string otherPartition, string idKey, string rowKey, CancellationToken cancellationToken)
    {
        var (from, to) = DossierRecordKeys.Rows(idKey);
        TableEntity? newest = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {otherPartition} and RowKey ge {from} and RowKey lt {to}"),
            maxPerPage: 1, select: ["RowKey", "MovedTo"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            newest = row;
            break;
        }

        var ours = DossierRecordKeys.InverseOrderOf(rowKey);
        var theirs = newest is null ? null : DossierRecordKeys.InverseOrderOf(newest.RowKey);
        var theirsIsRow = newest is not null && DossierRecordEntities.MovedTo(newest) is null;
        if (theirs is null || string.CompareOrdinal(ours, theirs) <= 0)
        {
            // Ours is the newer upload (or the other month's summary is stale): the other month stops counting the id.
            if (theirsIsRow)
            {
                await table.UpsertEntityAsync(DossierRecordEntities.Tombstone(otherPartition, idKey, ours, received), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            Note(displaced: other, movedOut: false);
            return theirsIsRow;
        }

        // Theirs is newer: this month stops counting the id, which is received where their upload put it.
        var movedTo = theirsIsRow ? other : DossierRecordEntities.MovedTo(newest!)!.Value;
        await table.UpsertEntityAsync(DossierRecordEntities.Tombstone(partition, idKey, theirs, movedTo), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        Note(displaced: theirsIsRow ? null : other, movedOut: true);
        return false;
    }

    private void Note(Period? displaced, bool movedOut)
    {
        lock (_gate)
        {
            if (displaced is { } month)
            {
                _displaced.Add(month);
            }

            _movedOut |= movedOut;
        }
    }
}
