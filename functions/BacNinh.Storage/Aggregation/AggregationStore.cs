using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Writes one computation of a month: every row under the computation's version, beside the rows
/// served now (<see cref="MonthVersions"/>), so nothing a reader sees changes until the month's
/// pointer is switched. Versions no longer needed are removed afterwards by <see cref="RetireAsync"/>.
/// </summary>
public class AggregationStore(StorageAccount account)
{
    private readonly TableClient _observations = account.Tables.GetTableClient(StorageNames.ObservationsTable);
    private readonly TableClient _tiers = account.Tables.GetTableClient(StorageNames.TierAggregatesTable);
    private readonly TableClient _groups = account.Tables.GetTableClient(StorageNames.GroupAggregatesTable);
    private readonly TableClient _missing = account.Tables.GetTableClient(StorageNames.MissingReportsTable);
    private readonly TableClient _comparable = account.Tables.GetTableClient(StorageNames.ComparableObservationsTable);

    public virtual async Task SaveAsync(PeriodAggregation aggregation, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentNullException.ThrowIfNull(version);
        await WriteAsync(_observations, aggregation.Units.Select(u => AggregationEntities.From(u, updatedAt)), version, cancellationToken).ConfigureAwait(false);
        await WriteAsync(_tiers, aggregation.Tiers.Select(a => AggregationEntities.From(a, updatedAt)), version, cancellationToken).ConfigureAwait(false);
        await WriteAsync(_groups, aggregation.Groups.Select(a => AggregationEntities.From(a, updatedAt)), version, cancellationToken).ConfigureAwait(false);
        await WriteAsync(_missing, aggregation.Missing.Select(m => AggregationEntities.From(m, updatedAt)), version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The month's comparable figures (§2a), under the same version as the rest of its computation.</summary>
    public virtual async Task SaveComparableAsync(IEnumerable<ComparableObservation> comparable, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comparable);
        ArgumentNullException.ThrowIfNull(version);
        await WriteAsync(_comparable, comparable.Select(c => AggregationEntities.From(c, updatedAt)), version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the month's rows of every version but <paramref name="keep"/> (the served one and the
    /// one before it): leftovers of runs that never switched in (a crash) and versions two switches old.
    /// Safe to repeat; a crash part-way leaves rows the next run removes.
    /// </summary>
    public virtual async Task RetireAsync(Period period, IReadOnlyCollection<string> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var (from, to) = TableKeys.PeriodRange(period, period);
        foreach (var table in StorageNames.VersionedTables)
        {
            var client = account.Tables.GetTableClient(table);
            var stale = new List<TableTransactionAction>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
            await foreach (var row in client.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", MonthVersions.VersionProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!keep.Contains(row.GetString(MonthVersions.VersionProperty) ?? string.Empty))
                {
                    stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                }
            }

            await DeleteAsync(client, stale, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(TableClient table, IEnumerable<TableEntity> entities, string version, CancellationToken cancellationToken) =>
        MonthVersions.WriteVersionedAsync(table, entities, version, cancellationToken);

    private static async Task DeleteAsync(TableClient table, List<TableTransactionAction> deletes, CancellationToken cancellationToken)
    {
        try
        {
            await TableBatchWriter.SubmitAsync(table, deletes, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // Removed meanwhile by an earlier run's retirement; the next run removes whatever is left.
        }
    }
}
