using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Record-based figures (§2b) per month, indicator and unit, kept as contributions: one row per
/// unit and month of receipt, because a month's <c>ON_TIME</c> gathers dossiers received in
/// earlier months. Whoever recounts the dossiers received in a month replaces that month's
/// contribution whole; readers sum the contributions of a unit.
/// </summary>
public class DossierFigureStore(StorageAccount account)
{
    private const string ManifestRow = "manifest";
    private const string KeysProperty = "Partitions";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.DossierFiguresTable);

    /// <summary>
    /// Makes the contribution of the dossiers received in <paramref name="received"/> exactly
    /// <paramref name="observations"/>. Safe to repeat: the partitions it ever wrote are listed
    /// before writing, so a crash part-way leaves rows the next run for that month finds and removes.
    /// </summary>
    public virtual async Task ReplaceContributionAsync(Period received, IReadOnlyCollection<UnitObservation> observations, DateTimeOffset changedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var manifestKey = ManifestKey(received);
        var previous = await PartitionsAsync(manifestKey, cancellationToken).ConfigureAwait(false);
        var partitions = observations.Select(o => TableKeys.PeriodIndicator(o.Period, o.IndicatorCode)).ToHashSet(StringComparer.Ordinal);

        // Listed first (old ∪ new): whatever a crash interrupts below, the next run knows every partition to clean.
        await SaveManifestAsync(manifestKey, previous.Union(partitions, StringComparer.Ordinal), changedAt, cancellationToken).ConfigureAwait(false);
        var suffix = $"_{received}";
        var rows = observations.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            ObservationEntities.ToEntity(o, TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), TableKeys.Safe(o.UnitCode) + suffix, $"records{suffix}", changedAt)));
        await TableBatchWriter.SubmitAsync(_table, rows, cancellationToken).ConfigureAwait(false);

        var keep = observations.Select(o => (TableKeys.PeriodIndicator(o.Period, o.IndicatorCode), TableKeys.Safe(o.UnitCode) + suffix)).ToHashSet();
        var stale = new List<TableTransactionAction>();
        foreach (var partition in previous.Union(partitions, StringComparer.Ordinal))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey.EndsWith(suffix, StringComparison.Ordinal) && !keep.Contains((row.PartitionKey, row.RowKey)))
                {
                    stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                }
            }
        }

        await TableBatchWriter.SubmitAsync(_table, stale, cancellationToken).ConfigureAwait(false);
        await SaveManifestAsync(manifestKey, partitions, changedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The months the contribution of the dossiers received in <paramref name="received"/> has figures
    /// for (after a crash part-way through a replacement, also those it was replacing): what a
    /// recount must mark pending along with the months it will write.
    /// </summary>
    public virtual async Task<IReadOnlyCollection<Period>> ContributedPeriodsAsync(Period received, CancellationToken cancellationToken = default)
    {
        var partitions = await PartitionsAsync(ManifestKey(received), cancellationToken).ConfigureAwait(false);
        return [.. partitions.Select(p => Period.TryParse(p.Split('_')[0], out var period) ? period : (Period?)null).OfType<Period>().Distinct()];
    }

    /// <summary>The record figure of each unit with dossiers for <paramref name="period"/> and the indicator: its contributions summed.</summary>
    public virtual async Task<IReadOnlyList<UnitObservation>> ListCurrentAsync(Period period, string indicatorCode, IEnumerable<string> breakdownKeys, CancellationToken cancellationToken = default)
    {
        var keys = breakdownKeys.ToList();
        var partition = TableKeys.PeriodIndicator(period, indicatorCode);
        var byUnit = new Dictionary<string, UnitObservation>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var part = ObservationEntities.FromEntity(entity, keys);
            byUnit[part.UnitCode] = byUnit.TryGetValue(part.UnitCode, out var sum) ? Add(sum, part) : part;
        }

        return [.. byUnit.Values.Where(o => o.Denominator > 0).OrderBy(o => o.UnitCode, StringComparer.Ordinal)];
    }

    /// <summary>When the record figures of <paramref name="period"/> last changed, or null when it has none.</summary>
    public virtual async Task<DateTimeOffset?> LastChangedAsync(Period period, CancellationToken cancellationToken = default)
    {
        var (from, to) = TableKeys.PeriodRange(period, period);
        DateTimeOffset? latest = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["UpdatedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetDateTimeOffset("UpdatedAt") is { } updated && (latest is null || updated > latest))
            {
                latest = updated;
            }
        }

        return latest;
    }

    /// <summary>Where the partitions a month of receipt contributed to are listed; outside every period's key range.</summary>
    private static string ManifestKey(Period received) => $"manifest_{received}";

    private static UnitObservation Add(UnitObservation sum, UnitObservation part)
    {
        var numerator = (sum.Numerator ?? 0) + (part.Numerator ?? 0);
        var denominator = (sum.Denominator ?? 0) + (part.Denominator ?? 0);
        var breakdowns = new Dictionary<string, long>(sum.Breakdowns, StringComparer.Ordinal);
        foreach (var (key, value) in part.Breakdowns)
        {
            breakdowns[key] = breakdowns.GetValueOrDefault(key) + value;
        }

        return sum with
        {
            Numerator = numerator,
            Denominator = denominator,
            Rate = denominator == 0 ? 0m : 100m * numerator / denominator,
            Breakdowns = breakdowns,
        };
    }

    private async Task<HashSet<string>> PartitionsAsync(string manifestKey, CancellationToken cancellationToken)
    {
        var manifest = await _table.GetEntityIfExistsAsync<TableEntity>(manifestKey, ManifestRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var listed = manifest.HasValue ? manifest.Value!.GetString(KeysProperty) : null;
        return [.. (listed ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private Task SaveManifestAsync(string manifestKey, IEnumerable<string> partitions, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(manifestKey, ManifestRow)
        {
            [KeysProperty] = string.Join('\n', partitions.Order(StringComparer.Ordinal)),
            ["UpdatedAt"] = changedAt,
        }, TableUpdateMode.Replace, cancellationToken);
}
