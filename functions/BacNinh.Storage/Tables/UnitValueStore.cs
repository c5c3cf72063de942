using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Tables;

/// <summary>
/// Ingested figures: the current one per (period, indicator, unit) and the full history.
/// The latest processed upload wins; earlier values stay in <see cref="StorageNames.UnitValueHistoryTable"/>.
/// </summary>
public class UnitValueStore(StorageAccount account)
{
    private readonly TableClient _current = account.Tables.GetTableClient(StorageNames.UnitValuesTable);
    private readonly TableClient _history = account.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);

    public virtual async Task SaveAsync(string uploadId, DateTimeOffset processedAt, IReadOnlyCollection<UnitObservation> observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var current = observations.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            ObservationEntities.ToEntity(o, TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), TableKeys.Safe(o.UnitCode), uploadId, processedAt)));

        // History rows sort newest first inside each (period, indicator) partition.
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - processedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        var history = observations.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            ObservationEntities.ToEntity(o, TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), $"{TableKeys.Safe(o.UnitCode)}_{newestFirst}_{uploadId}", uploadId, processedAt)));

        // History first: a failure part-way leaves extra history, never a current value without its history row.
        await TableBatchWriter.SubmitAsync(_history, history, cancellationToken).ConfigureAwait(false);
        await TableBatchWriter.SubmitAsync(_current, current, cancellationToken).ConfigureAwait(false);
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
}
