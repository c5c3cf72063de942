using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// Ingested figures: the current one per (period, indicator, unit) and the full history.
/// The most recently uploaded blob version wins, whatever order versions are processed in
/// (§3); earlier values stay in <see cref="StorageNames.UnitValueHistoryTable"/>.
/// </summary>
public class UnitValueStore(StorageAccount account)
{
    /// <summary>Rounds of read-compare-write when other uploads keep changing the same rows.</summary>
    private const int MaxConflictRounds = 20;

    private readonly TableClient _current = account.Tables.GetTableClient(StorageNames.UnitValuesTable);
    private readonly TableClient _history = account.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);

    public virtual async Task SaveAsync(UploadVersion version, DateTimeOffset processedAt, IReadOnlyCollection<UnitObservation> observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(observations);

        // History rows are keyed by the version (upload time, then id), not by when this run
        // happened: a retry after a crash rewrites the same rows instead of adding duplicates.
        // They sort newest first inside each (period, indicator) partition.
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - version.UploadedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        var history = observations.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            Entity(o, $"{TableKeys.Safe(o.UnitCode)}_{newestFirst}_{version.UploadId}", version, processedAt)));

        // History first: a crash part-way leaves history without its current value, which the
        // retry completes; never a current value without its history row.
        await TableBatchWriter.SubmitAsync(_history, history, cancellationToken).ConfigureAwait(false);
        foreach (var partition in observations.GroupBy(o => TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), StringComparer.Ordinal))
        {
            await ReplaceOlderAsync(partition.Key, [.. partition.Select(o => Entity(o, TableKeys.Safe(o.UnitCode), version, processedAt))], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes back what the upload <paramref name="uploadId"/> wrote in <paramref name="periods"/> (an
    /// upload set aside): each value it made current becomes again the newest other upload's from
    /// history, or goes where there is none, and its history rows are deleted. A value a newer upload
    /// replaced meanwhile stays. Safe to repeat: current values first, then history.
    /// </summary>
    public virtual async Task TakeBackAsync(string uploadId, IEnumerable<Period> periods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploadId);
        ArgumentNullException.ThrowIfNull(periods);
        foreach (var period in periods)
        {
            var (from, to) = TableKeys.PeriodRange(period, period);
            var ofUpload = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and UploadId eq {uploadId}");
            await foreach (var current in _current.QueryAsync<TableEntity>(ofUpload, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await RestorePreviousAsync(current, uploadId, cancellationToken).ConfigureAwait(false);
            }

            List<TableTransactionAction> deletes = [];
            await foreach (var row in _history.QueryAsync<TableEntity>(ofUpload, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                deletes.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }

            await TableBatchWriter.SubmitAsync(_history, deletes, cancellationToken).ConfigureAwait(false);
        }
    }

    public virtual async Task<IReadOnlyList<UnitObservation>> ListCurrentAsync(Period period, string indicatorCode, IEnumerable<string> breakdownKeys, CancellationToken cancellationToken = default)
    {
        var keys = breakdownKeys.ToList();
        var partition = TableKeys.PeriodIndicator(period, indicatorCode);
        var result = new List<UnitObservation>();
        await foreach (var entity in _current.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(ObservationEntities.FromEntity(entity, keys));
        }

        return result;
    }

    /// <summary>When the figures of a period last changed: the newest ingestion time among its current values.</summary>
    public virtual async Task<DateTimeOffset?> LastChangedAsync(Period period, CancellationToken cancellationToken = default)
    {
        var (from, to) = TableKeys.PeriodRange(period, period);
        DateTimeOffset? latest = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var entity in _current.QueryAsync<TableEntity>(filter, select: ["UpdatedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetDateTimeOffset("UpdatedAt") is { } updated && (latest is null || updated > latest))
            {
                latest = updated;
            }
        }

        return latest;
    }

    /// <summary>The current value <paramref name="current"/> (of <paramref name="uploadId"/>) replaced by the newest other upload's, or removed.</summary>
    private async Task RestorePreviousAsync(TableEntity current, string uploadId, CancellationToken cancellationToken)
    {
        TableEntity? previous = null;
        var rowsOfUnit = TableClient.CreateQueryFilter($"PartitionKey eq {current.PartitionKey} and RowKey ge {current.RowKey + "_"} and RowKey lt {current.RowKey + "`"}");
        await foreach (var row in _history.QueryAsync<TableEntity>(rowsOfUnit, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Newest first: the first row of another upload is what was current before.
            if (!string.Equals(row.GetString("UploadId"), uploadId, StringComparison.Ordinal))
            {
                previous = row;
                break;
            }
        }

        try
        {
            if (previous is null)
            {
                await _current.DeleteEntityAsync(current.PartitionKey, current.RowKey, current.ETag, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var restored = new TableEntity(current.PartitionKey, current.RowKey);
                foreach (var (name, value) in previous.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
                {
                    restored[name] = value;
                }

                await _current.UpdateEntityAsync(restored, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // A newer upload wrote this value meanwhile (or a run before this one took it back): it stays.
        }
    }

    private static TableEntity Entity(UnitObservation o, string rowKey, UploadVersion version, DateTimeOffset processedAt)
    {
        var entity = ObservationEntities.ToEntity(o, TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), rowKey, version.UploadId, processedAt);
        entity[ObservationEntities.UploadedAtProperty] = version.UploadedAt;
        entity[ObservationEntities.UploadOrderProperty] = version.Order;
        return entity;
    }

    /// <summary>
    /// Writes each incoming value unless the stored one comes from a newer upload: new rows are
    /// added (409 if another upload added it first), older rows replaced under their ETag (412 if
    /// changed meanwhile). On a conflict the partition is read again and compared again, so two
    /// uploads processed at the same time end with the newer one's values whatever the timing.
    /// </summary>
    private async Task ReplaceOlderAsync(string partitionKey, IReadOnlyList<TableEntity> incoming, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var stored = new Dictionary<string, (ETag ETag, string? Order)>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
            await foreach (var row in _current.QueryAsync<TableEntity>(filter, select: ["RowKey", ObservationEntities.UploadOrderProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                stored[row.RowKey] = (row.ETag, row.GetString(ObservationEntities.UploadOrderProperty));
            }

            var actions = new List<TableTransactionAction>();
            foreach (var entity in incoming)
            {
                if (!stored.TryGetValue(entity.RowKey, out var existing))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
                }
                else if (string.CompareOrdinal(existing.Order, entity.GetString(ObservationEntities.UploadOrderProperty)) < 0)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, existing.ETag));
                }
            }

            try
            {
                await TableBatchWriter.SubmitAsync(_current, actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (round < MaxConflictRounds && IsConflict(ex))
            {
                // Another upload wrote some of these rows first; transactions that went through
                // now compare equal and are skipped in the next round.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 50 * Math.Min(round, 10))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsConflict(Exception exception) => exception switch
    {
        TableTransactionFailedException failed => failed.Status is 409 or 412,
        RequestFailedException failed => failed.Status is 409 or 412,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsConflict),
        _ => false,
    };
}
