using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Tables;

/// <summary>
/// Which computation of each month is served. A recomputation writes its rows under a new version
/// (the rows' <c>Version</c> property and a row-key suffix) beside the served ones, then switches
/// the month's pointer here in one write; readers take every month's pointer once and serve only
/// the rows of those versions, so they never see a month half-recomputed. The version served
/// before stays until the one after it is switched in, for readers paging through an older snapshot.
/// </summary>
public class MonthVersions(StorageAccount account)
{
    public const string VersionProperty = "Version";

    private const string Partition = "served";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.MonthVersionsTable);

    /// <summary>A new version id: sortable by when the computation started.</summary>
    public static string NewVersion(DateTimeOffset now) => now.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The row key of a versioned row: its own key, then the version.</summary>
    public static string VersionedKey(string rowKey, string version) => $"{rowKey}@{version}";

    public virtual async Task<MonthVersion?> GetAsync(Period period, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, period.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity ? ToVersion(period, entity) : null;
    }

    /// <summary>Every month's pointer, read once: what one request serves.</summary>
    public virtual async Task<ServedVersions> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var months = new Dictionary<string, MonthVersion>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Period.TryParse(entity.RowKey, out var period))
            {
                months[entity.RowKey] = ToVersion(period, entity);
            }
        }

        return new ServedVersions(months);
    }

    /// <summary>
    /// Serves <paramref name="version"/> for the month from now on; the version served until now
    /// becomes the previous one. Conditional on the pointer read before the computation, so a run
    /// that lost its lease cannot switch over a newer one. False when the pointer changed meanwhile.
    /// </summary>
    public virtual async Task<bool> SwitchAsync(Period period, string version, MonthVersion? seen, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition, period.ToString())
        {
            ["Current"] = version,
            ["CurrentSince"] = now,
            ["Previous"] = seen?.Current,
        };
        try
        {
            if (seen is null)
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.UpdateEntityAsync(entity, seen.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static MonthVersion ToVersion(Period period, TableEntity entity) => new(
        period,
        entity.GetString("Current") ?? string.Empty,
        entity.GetDateTimeOffset("CurrentSince") ?? DateTimeOffset.MinValue,
        entity.GetString("Previous"),
        entity.ETag);
}

/// <summary>A month's served computation, when it was switched in, and the one before it.</summary>
public sealed record MonthVersion(Period Period, string Current, DateTimeOffset CurrentSince, string? Previous, ETag ETag)
{
    /// <summary>The version that was served at <paramref name="asOf"/> (within one switch), else the current one.</summary>
    public string ServedAt(DateTimeOffset? asOf) => asOf is { } t && t < CurrentSince && Previous is not null ? Previous : Current;
}

/// <summary>Every month's pointer as read once by a request; decides which rows it serves.</summary>
public sealed class ServedVersions(IReadOnlyDictionary<string, MonthVersion> months)
{
    public IReadOnlyDictionary<string, MonthVersion> Months { get; } = months;

    /// <summary>
    /// True when a versioned row belongs to the computation its month served at
    /// <paramref name="asOf"/> (now when null). Rows without a version come from before versioning
    /// and are served while their month has no pointer.
    /// </summary>
    public bool IsServed(TableEntity entity, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var period = entity.GetString("Period");
        var version = entity.GetString(MonthVersions.VersionProperty);
        if (period is null || !Months.TryGetValue(period, out var month))
        {
            return version is null;
        }

        return string.Equals(version, month.ServedAt(asOf), StringComparison.Ordinal);
    }
}
