using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// Streams a dataset's rows: table sets from their table, reference sets from the reference data.
/// Period and indicator filters become partition-key conditions, built with the SDK's
/// parameterised filter so no client text reaches the query raw. Computed sets serve, per month,
/// only the rows of the computation its pointer names (<see cref="MonthVersions"/>), read once per
/// request, so a read never mixes two computations of a month; they are read a month at a time, each
/// query confined to that month and computation (<see cref="MonthQueries"/>).
/// </summary>
public sealed class DatasetReader(StorageAccount account, ReferenceRows reference, MonthVersions versions, BulletinStore bulletins, TimeProvider time)
{
    /// <summary>How long a set's first stored month is taken as known: months are added at the end, and every computed month has a pointer besides.</summary>
    private static readonly TimeSpan FirstPeriodFor = TimeSpan.FromMinutes(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Period? Period, DateTimeOffset ReadAt)> _firstPeriods = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<TableEntity> ReadAsync(DatasetDefinition dataset, DatasetFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        await foreach (var entity in ServedEntitiesAsync(dataset, BuildFilter(dataset, filter), filter.Period, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }

    /// <summary>
    /// Opens a read of a dataset for the simple <c>period</c>/<c>indicator</c>/<c>tier</c> filter:
    /// one small read (the months' pointers) decides its content version, and the rows streamed
    /// afterwards are those of that version, whatever is recomputed meanwhile.
    /// </summary>
    public async Task<DatasetRead> OpenAsync(DatasetDefinition dataset, DatasetFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        if (ReferenceDatasets.IsReference(dataset))
        {
            var rows = (await reference.ForAsync(dataset, cancellationToken).ConfigureAwait(false)).Where(r => Matches(r, filter)).ToList();
            return new DatasetRead(Fingerprint(dataset, rows), rows.ToAsyncEnumerable());
        }

        var tableFilter = BuildFilter(dataset, filter);
        var served = await SnapshotAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (served is null || !dataset.PeriodPartitioned)
        {
            var fingerprint = served is not null
                ? ServedVersion(served, filter.Period)
                : await KeysFingerprintAsync(dataset, tableFilter, cancellationToken).ConfigureAwait(false);
            return new DatasetRead(fingerprint, ReadRowsAsync(dataset, tableFilter, served, null, null, filter.Period, filter.Period, cancellationToken));
        }

        // Month by month, each with the version of its own content: the rows are the same as one read's.
        var first = filter.Period is null ? await FirstPeriodAsync(dataset, cancellationToken).ConfigureAwait(false) : null;
        var parts = MonthQueries.Months(filter.Period, filter.Period, served, first, Period.FromDate(time.GetUtcNow()))
            .Select(m => new DatasetPart(m, ServedVersion(served, m), ReadRowsAsync(dataset, tableFilter, served, null, null, m, m, cancellationToken)))
            .ToList();
        return new DatasetRead(ServedVersion(served, filter.Period), Concat(parts), parts);
    }

    private static async IAsyncEnumerable<DatasetRow> Concat(IReadOnlyList<DatasetPart> parts)
    {
        foreach (var part in parts)
        {
            await foreach (var row in part.Rows.ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    /// <summary>Every month's pointer, for a dataset whose rows are versioned; null for the others.</summary>
    public async Task<ServedVersions?> SnapshotAsync(DatasetDefinition dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return StorageNames.VersionedTables.Contains(dataset.Table) ? await versions.SnapshotAsync(cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// What a versioned read of <paramref name="period"/> (every month when null) serves, as text:
    /// changes exactly when one of those months is switched to another computation.
    /// </summary>
    public static string ServedVersion(ServedVersions served, Period? period, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (period is { } p)
        {
            return served.Months.TryGetValue(p.ToString(), out var month) ? $"{p}={month.ServedAt(asOf)}" : $"{p}=-";
        }

        return string.Join(';', served.Months.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ServedAt(asOf)}"));
    }

    /// <summary>
    /// The rows of a dataset whose table rows match <paramref name="tableFilter"/> (an OData filter
    /// built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>), as <paramref name="served"/>
    /// served them at <paramref name="asOf"/> (the first page's time, for the later pages of one paged read).
    /// <paramref name="pageHint"/> sizes the storage pages when the caller needs only a few rows;
    /// <paramref name="from"/> and <paramref name="to"/> are the months the filter confines it to (open when null).
    /// </summary>
    public async IAsyncEnumerable<DatasetRow> ReadRowsAsync(DatasetDefinition dataset, string? tableFilter, ServedVersions? served, DateTimeOffset? asOf, int? pageHint,
        Period? from, Period? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (ReferenceDatasets.IsReference(dataset))
        {
            foreach (var row in await reference.ForAsync(dataset, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }

            yield break;
        }

        await foreach (var entity in ServedEntitiesAsync(dataset, tableFilter, served, asOf, pageHint, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRow(dataset, entity);
        }
    }

    /// <summary>
    /// One page of served rows after <paramref name="skip"/> matching ones, read a storage page at a
    /// time, month by month for a versioned set (from <paramref name="from"/>, the month of the row the
    /// page follows): <c>More</c> is true when storage has rows after them (the next page may then be
    /// empty). Reads no storage page past the one that fills the page, except to look into the next
    /// month when the page ends with one.
    /// </summary>
    public async Task<(List<DatasetRow> Rows, bool More)> ReadPageAsync(DatasetDefinition dataset, string? tableFilter, ServedVersions? served, DateTimeOffset? asOf,
        Func<DatasetRow, bool>? predicate, int skip, int count, Period? from, Period? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = new List<DatasetRow>(count);
        var table = account.Tables.GetTableClient(dataset.Table);
        await foreach (var query in QueriesAsync(dataset, tableFilter, served, asOf, from, to, cancellationToken).ConfigureAwait(false))
        {
            var hint = Math.Clamp(count - rows.Count + skip + 1, 1, 1000);
            await foreach (var page in table.QueryAsync<TableEntity>(query, hint, cancellationToken: cancellationToken).AsPages(pageSizeHint: hint).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var entity in page.Values)
                {
                    if (served is not null && !served.IsServed(entity, asOf))
                    {
                        continue;
                    }

                    await ResolveAsync(dataset, entity, cancellationToken).ConfigureAwait(false);
                    var row = ToRow(dataset, entity);
                    if (predicate is not null && !predicate(row))
                    {
                        continue;
                    }

                    if (skip > 0)
                    {
                        skip--;
                        continue;
                    }

                    if (rows.Count == count)
                    {
                        return (rows, true);
                    }

                    rows.Add(row);
                }

                if (page.ContinuationToken is null)
                {
                    break;
                }

                if (rows.Count == count)
                {
                    return (rows, true);
                }
            }
        }

        return (rows, false);
    }

    private async IAsyncEnumerable<TableEntity> ServedEntitiesAsync(DatasetDefinition dataset, string? tableFilter, Period? period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var served = await SnapshotAsync(dataset, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in ServedEntitiesAsync(dataset, tableFilter, served, null, null, period, period, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }

    private async IAsyncEnumerable<TableEntity> ServedEntitiesAsync(DatasetDefinition dataset, string? tableFilter, ServedVersions? served, DateTimeOffset? asOf, int? pageHint,
        Period? from, Period? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(dataset.Table);
        var maxPerPage = pageHint is { } hint ? Math.Clamp(hint, 1, 1000) : (int?)null;
        await foreach (var query in QueriesAsync(dataset, tableFilter, served, asOf, from, to, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(query, maxPerPage, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (served is not null && !served.IsServed(entity, asOf))
                {
                    continue;
                }

                await ResolveAsync(dataset, entity, cancellationToken).ConfigureAwait(false);
                yield return entity;
            }
        }
    }

    /// <summary>
    /// The storage queries of a read: the filter as given for a set that is not versioned, one
    /// query per month of the range otherwise (<see cref="MonthQueries"/>).
    /// </summary>
    private async IAsyncEnumerable<string?> QueriesAsync(DatasetDefinition dataset, string? tableFilter, ServedVersions? served, DateTimeOffset? asOf, Period? from, Period? to,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (served is null || !dataset.PeriodPartitioned)
        {
            yield return tableFilter;
            yield break;
        }

        var first = from is null ? await FirstPeriodAsync(dataset, cancellationToken).ConfigureAwait(false) : null;
        foreach (var month in MonthQueries.Months(from, to, served, first, Period.FromDate(time.GetUtcNow())))
        {
            yield return MonthQueries.For(tableFilter, month, served, asOf);
        }
    }

    /// <summary>The bulletin's text lives in its blobs, whatever its length; the row points to them.</summary>
    private async Task ResolveAsync(DatasetDefinition dataset, TableEntity entity, CancellationToken cancellationToken)
    {
        if (dataset.Table == StorageNames.BulletinsTable)
        {
            entity["Markdown"] = entity.GetString("MarkdownBlob") is { } markdown ? await bulletins.ReadAsync(markdown, cancellationToken).ConfigureAwait(false) : null;
            entity["Html"] = entity.GetString("HtmlBlob") is { } html ? await bulletins.ReadAsync(html, cancellationToken).ConfigureAwait(false) : null;
        }
    }

    /// <summary>
    /// The month of a period-partitioned table's first row (its partitions lead with the month); null
    /// when it is empty. Looked up at most once every <see cref="FirstPeriodFor"/> per set.
    /// </summary>
    public async Task<Period?> FirstPeriodAsync(DatasetDefinition dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var now = time.GetUtcNow();
        if (_firstPeriods.TryGetValue(dataset.Table, out var known) && now - known.ReadAt < FirstPeriodFor)
        {
            return known.Period;
        }

        var first = await ReadFirstPeriodAsync(dataset, cancellationToken).ConfigureAwait(false);
        _firstPeriods[dataset.Table] = (first, now);
        return first;
    }

    private async Task<Period?> ReadFirstPeriodAsync(DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(dataset.Table);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return entity.PartitionKey.Length >= 7 && Period.TryParse(entity.PartitionKey[..7], out var period) ? period : null;
        }

        return null;
    }

    /// <summary>
    /// For tables that are not versioned (Uploads): a digest of every matching row's keys and ETag,
    /// read with nothing else selected. Any write changes a row's ETag, so the digest changes with the content.
    /// </summary>
    private async Task<string> KeysFingerprintAsync(DatasetDefinition dataset, string? tableFilter, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var table = account.Tables.GetTableClient(dataset.Table);
        await foreach (var entity in table.QueryAsync<TableEntity>(tableFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{entity.PartitionKey}\n{entity.RowKey}\n{entity.ETag}\n"));
        }

        return "keys:" + Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Reference rows are in memory already: their digest is their content.</summary>
    private static string Fingerprint(DatasetDefinition dataset, IEnumerable<DatasetRow> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            foreach (var field in dataset.Fields)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(CsvCell.Format(row[field.Name]) + "\u001f"));
            }

            hash.AppendData("\n"u8);
        }

        return "rows:" + Convert.ToHexString(hash.GetHashAndReset());
    }

    private static bool Matches(DatasetRow r, DatasetFilter filter) =>
        (filter.IndicatorCode is null || r["IndicatorCode"] is not string code || string.Equals(code, filter.IndicatorCode, StringComparison.OrdinalIgnoreCase))
        && (filter.Tier is null || r["Tier"] is not string tier || tier == filter.Tier)
        && (filter.Period is not { } period || ((r["ValidFrom"] is not DateOnly from || from <= period.Start) && (r["ValidTo"] is not DateOnly to || to >= period.Start)));

    public static DatasetRow ToRow(DatasetDefinition dataset, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(entity);
        var values = new Dictionary<string, object?>(dataset.Fields.Count, StringComparer.Ordinal);
        foreach (var field in dataset.Fields)
        {
            values[field.Name] = DatasetValues.Get(entity, field);
        }

        return new DatasetRow(entity.PartitionKey, entity.RowKey, values);
    }

    public static string? BuildFilter(DatasetDefinition dataset, DatasetFilter filter)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string>();
        if (filter.Period is { } period && dataset.PeriodPartitioned)
        {
            if (filter.IndicatorCode is { } indicator && dataset.Find("IndicatorCode") is not null)
            {
                clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PeriodIndicator(period, indicator)}"));
            }
            else
            {
                // From the bare period, so partitions keyed by the period alone (Uploads) fall in the range too.
                var from = period.ToString();
                var to = TableKeys.PeriodRange(period, period).To;
                clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"));
            }
        }

        if (filter.Period is { } p)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Period eq {p.ToString()}"));
        }

        if (filter.IndicatorCode is { } code && dataset.Find("IndicatorCode") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"IndicatorCode eq {code}"));
        }

        if (filter.Tier is { } tier && dataset.Find("Tier") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Tier eq {tier}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }
}
