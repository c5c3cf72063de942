using Azure;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Which computation of each month is served. A recomputation writes its rows under a new version
/// (the rows' <c>Version</c> property and a row-key suffix) beside the served ones, then switches
/// the month's pointer here in one write; readers take every month's pointer once and serve only
/// the rows of those versions, so they never see a month half-recomputed. The pointer keeps the
/// versions served during the last <see cref="SnapshotLifetime"/>, and their rows stay, so a read
/// that started earlier (an OData read pages on with its first page's time) still finds them.
/// </summary>
public class MonthVersions(StorageAccount account)
{
    public const string VersionProperty = "Version";

    /// <summary>How long a computation stays readable after it was replaced: longer than a Power BI refresh pages.</summary>
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromMinutes(15);

    private const string Partition = "served";

    /// <summary>At most this many versions are remembered, however often a month is recomputed.</summary>
    private const int MaxHistory = 32;

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.MonthVersionsTable);

    private long _switches;

    /// <summary>How many months this instance has switched: a reader's snapshot older than a switch is read again.</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>A new version id: sortable by when the computation started.</summary>
    public static string NewVersion(DateTimeOffset now) => now.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The row key of a versioned row: its own key, then the version.</summary>
    public static string VersionedKey(string rowKey, string version) => $"{rowKey}@{version}";

    /// <summary>Writes rows of one computation: each row's key and <see cref="VersionProperty"/> name the version.</summary>
    public static async Task WriteVersionedAsync(TableClient table, IEnumerable<TableEntity> entities, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var versioned = entities.Select(e =>
        {
            e.RowKey = VersionedKey(e.RowKey, version);
            e[VersionProperty] = version;
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
        });
        await TableBatchWriter.SubmitAsync(table, versioned, cancellationToken).ConfigureAwait(false);
    }

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
    /// Serves <paramref name="version"/> for the month from <paramref name="now"/> on, remembering the
    /// versions served during the last <see cref="SnapshotLifetime"/>. Conditional on the pointer read
    /// before the computation, so a run that lost its lease cannot switch over a newer one. Returns the
    /// new pointer, or null when the pointer changed meanwhile.
    /// </summary>
    public virtual async Task<MonthVersion?> SwitchAsync(Period period, string version, MonthVersion? seen, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // Keep every version served since the lifetime began, and the one served when it began.
        var earlier = seen?.History ?? [];
        var kept = earlier.TakeWhile(h => h.Since >= now - SnapshotLifetime).ToList();
        if (kept.Count < earlier.Count)
        {
            kept.Add(earlier[kept.Count]);
        }

        IReadOnlyList<ServedVersion> history = [new ServedVersion(version, now), .. kept.Take(MaxHistory - 1)];
        var entity = new TableEntity(Partition, period.ToString())
        {
            ["Current"] = version,
            ["CurrentSince"] = now,
            ["History"] = JsonSerializer.Serialize(history),
        };
        try
        {
            var response = seen is null
                ? await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(entity, seen.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _switches);
            return new MonthVersion(period, history, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static MonthVersion ToVersion(Period period, TableEntity entity)
    {
        var history = entity.GetString("History") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<List<ServedVersion>>(json) ?? []
            : [];
        if (history.Count == 0 && entity.GetString("Current") is { } current)
        {
            history.Add(new ServedVersion(current, entity.GetDateTimeOffset("CurrentSince") ?? DateTimeOffset.MinValue));
        }

        return new MonthVersion(period, history, entity.ETag);
    }
}

/// <summary>One computation of a month and when it began to be served.</summary>
public sealed record ServedVersion(string Version, DateTimeOffset Since);

/// <summary>A month's pointer: the versions served lately, newest first.</summary>
public sealed record MonthVersion(Period Period, IReadOnlyList<ServedVersion> History, ETag ETag)
{
    public string Current => History.Count > 0 ? History[0].Version : string.Empty;

    /// <summary>Every version a reader may still be given; the rows of any other version can go.</summary>
    public IReadOnlyCollection<string> Readable => [.. History.Select(h => h.Version)];

    /// <summary>The version served at <paramref name="asOf"/> (the current one when null or later than every switch).</summary>
    public string ServedAt(DateTimeOffset? asOf)
    {
        if (asOf is not { } t)
        {
            return Current;
        }

        foreach (var served in History)
        {
            if (served.Since <= t)
            {
                return served.Version;
            }
        }

        return History.Count > 0 ? History[^1].Version : string.Empty;
    }
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
        return IsServed(entity.GetString("Period"), entity.GetString(MonthVersions.VersionProperty), asOf);
    }

    /// <summary>The same for a row's month and version as read.</summary>
    public bool IsServed(string? period, string? version, DateTimeOffset? asOf = null)
    {
        if (period is null || !Months.TryGetValue(period, out var month))
        {
            return version is null;
        }

        return string.Equals(version, month.ServedAt(asOf), StringComparison.Ordinal);
    }
}
