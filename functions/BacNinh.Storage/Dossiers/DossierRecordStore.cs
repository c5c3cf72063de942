using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Storage.Uploads;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Dossiers as uploads gave them (§2b), one row per id and upload, in
/// <see cref="StorageNames.DossierRecordsTable"/> (keys: <see cref="DossierRecordKeys"/>). A dossier
/// counts once: of an id's rows the newest upload's is current, whatever order uploads are processed
/// in; reading a month drops the older rows. A re-export that moves a dossier to another month
/// received (its received date corrected) is found when either month is read (<see cref="DossierMoveCheck"/>).
/// </summary>
public class DossierRecordStore(StorageAccount account, TimeProvider time)
{
    /// <summary>Partition of the rows whose ETag changes whenever a month's dossiers change.</summary>
    private const string ChangesPartition = "changes";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.DossierRecordsTable);
    private readonly DossierIdSummaries _summaries = new(account);

    /// <summary>
    /// A writer for the dossiers of <paramref name="version"/>. <paramref name="announce"/> is awaited
    /// with the months a dossier may change before any row of them is written.
    /// </summary>
    public virtual DossierRecordWriter OpenWriter(UploadVersion version, Func<IReadOnlyCollection<Period>, CancellationToken, Task> announce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(announce);
        return new DossierRecordWriter(this, _table, DossierRecordKeys.InverseOrder(version), announce, cancellationToken);
    }

    /// <summary>A tag that changes whenever dossiers received in <paramref name="received"/> are written; null before any.</summary>
    public virtual async Task<string?> ChangeTagAsync(Period received, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(ChangesPartition, received.ToString(), ["RowKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.ETag.ToString() : null;
    }

    /// <summary>Says the dossiers received in <paramref name="received"/> changed: a recount that started before runs again.</summary>
    public virtual async Task MarkChangedAsync(Period received, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(new TableEntity(ChangesPartition, received.ToString()) { ["ChangedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Hands each current dossier received in <paramref name="received"/> to <paramref name="current"/>,
    /// once per id (the newest upload's row), and deletes the rows it supersedes and every row of
    /// <paramref name="discardUploadId"/> (an upload whose file was rejected after some rows were
    /// written). Memory: the ids of one partition at a time. Dossiers current here and in another
    /// month are settled on the way (<see cref="DossierMoveCheck"/>): when one of this month's
    /// stops counting, the scan says <see cref="DossierScan.MovedOut"/> and its figures are not to be
    /// used (the month has changed: read it again).
    /// </summary>
    public virtual async Task<DossierScan> ReadCurrentAsync(Period received, UnitRegistry units, string? discardUploadId, Action<DossierRecord> current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(current);
        var directory = units.For(received);
        var discard = discardUploadId is null ? null : DossierRecordKeys.InverseUploadId(discardUploadId);
        var (from, to) = DossierRecordKeys.Month(received);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        long read = 0, superseded = 0, withoutUnit = 0, moved = 0;
        var deletes = new StreamingTableWriter(_table, ignoreMissing: true, concurrency: 4, cancellationToken: cancellationToken);
        await using var disposeDeletes = deletes.ConfigureAwait(false);
        var moves = new DossierMoveCheck(_table, _summaries, received,
            [.. (await _summaries.MonthsAsync(cancellationToken).ConfigureAwait(false)).Where(m => m != received)], MarkChangedAsync);
        var buckets = new bool[DossierRecordKeys.Buckets];
        string? partition = null;

        // The partition's ids: id key → its current row's key, or null where a tombstone is current.
        var seen = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: DossierRecordEntities.Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (!string.Equals(partition, row.PartitionKey, StringComparison.Ordinal))
                {
                    if (partition is not null)
                    {
                        // Checked while the next partition is read.
                        moves.Start(partition, seen, cancellationToken);
                        seen = new Dictionary<string, string?>(StringComparer.Ordinal);
                    }

                    partition = row.PartitionKey;
                    buckets[DossierRecordKeys.BucketOf(partition)] = true;
                }

                // Rows of one id sort newest first: the first one met is current, later ones are superseded.
                var idKey = DossierRecordKeys.IdKeyOf(row.RowKey).ToString();
                if ((discard is not null && DossierRecordKeys.InverseUploadIdOf(row.RowKey).SequenceEqual(discard))
                    || !seen.TryAdd(idKey, row.RowKey))
                {
                    superseded++;
                    deletes.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                    continue;
                }

                if (DossierRecordEntities.MovedTo(row) is not null)
                {
                    // A newer upload received this dossier in another month.
                    seen[idKey] = null;
                    moved++;
                }
                else if (DossierRecordEntities.FromEntity(row, directory) is { } record)
                {
                    current(record);
                }
                else
                {
                    withoutUnit++;
                }
            }

            if (partition is not null)
            {
                moves.Start(partition, seen, cancellationToken);
            }
        }
        finally
        {
            await moves.CompleteAsync().ConfigureAwait(false);
        }

        // A bucket with no rows left has no current ids: an older summary of it must not name any.
        await Parallel.ForEachAsync(Enumerable.Range(0, buckets.Length).Where(b => !buckets[b]), cancellationToken,
            async (bucket, token) => await _summaries.WriteAsync(received, bucket, [], token).ConfigureAwait(false)).ConfigureAwait(false);

        await deletes.CompleteAsync().ConfigureAwait(false);
        return new DossierScan(read, read - superseded - withoutUnit - moved, superseded, withoutUnit)
        {
            MovedOut = moves.MovedOut,
            Displaced = moves.Displaced,
        };
    }
}

/// <summary>What reading one month's dossiers found: rows read, current dossiers counted, older rows deleted, rows whose unit is gone from the registry.</summary>
public sealed record DossierScan(long RowsRead, long Current, long Superseded, long WithoutUnit)
{
    /// <summary>A dossier counted in this scan has a newer row in another month: the scan's figures are not to be used.</summary>
    public bool MovedOut { get; init; }

    /// <summary>Other months that count a dossier whose newest row is here (or elsewhere): to be recounted.</summary>
    public IReadOnlyCollection<Period> Displaced { get; init; } = [];
}
