using Azure.Data.Tables;
using BacNinh.Core.Aggregation;

namespace BacNinh.Storage.Tables;

/// <summary>
/// Writes one period's computed figures. Each (period, indicator) partition is replaced as a
/// whole, so a recomputation leaves exactly the new figures and re-running changes nothing.
/// </summary>
public class AggregationStore(StorageAccount account)
{
    private readonly TableClient _observations = account.Tables.GetTableClient(StorageNames.ObservationsTable);
    private readonly TableClient _tiers = account.Tables.GetTableClient(StorageNames.TierAggregatesTable);
    private readonly TableClient _groups = account.Tables.GetTableClient(StorageNames.GroupAggregatesTable);
    private readonly TableClient _missing = account.Tables.GetTableClient(StorageNames.MissingReportsTable);

    public virtual async Task SaveAsync(PeriodAggregation aggregation, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        var partition = TableKeys.PeriodIndicator(aggregation.Period, aggregation.IndicatorCode);
        await TableBatchWriter.ReplacePartitionAsync(_observations, partition, [.. aggregation.Units.Select(u => AggregationEntities.From(u, updatedAt))], cancellationToken).ConfigureAwait(false);
        await TableBatchWriter.ReplacePartitionAsync(_tiers, partition, [.. aggregation.Tiers.Select(a => AggregationEntities.From(a, updatedAt))], cancellationToken).ConfigureAwait(false);
        await TableBatchWriter.ReplacePartitionAsync(_groups, partition, [.. aggregation.Groups.Select(a => AggregationEntities.From(a, updatedAt))], cancellationToken).ConfigureAwait(false);
        await TableBatchWriter.ReplacePartitionAsync(_missing, partition, [.. aggregation.Missing.Select(m => AggregationEntities.From(m, updatedAt))], cancellationToken).ConfigureAwait(false);
    }
}
