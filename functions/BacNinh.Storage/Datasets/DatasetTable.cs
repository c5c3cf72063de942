using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Reads a dataset's table rows as served: a versioned set a month at a time, each storage query
/// confined to that month and the computation its pointer names (<see cref="MonthQueries"/>), so a
/// read never mixes two computations of a month. Open month ranges end at the later of the last
/// month with a pointer and the month it is in Vietnam (<see cref="ReportingCalendar"/>).
/// </summary>
public sealed class DatasetTable(StorageAccount account, BulletinStore bulletins, TimeProvider time)
{
    /// <summary>How long a set's first stored month is taken as known: months are added at the end, and every computed month has a pointer besides.</summary>
    private static readonly TimeSpan FirstPeriodFor = TimeSpan.FromMinutes(1);

    private static readonly ServedVersions NoPointers = new(new Dictionary<string, MonthVersion>());

    private readonly Dictionary<string, (Task<Period?> Period, DateTimeOffset ReadAt)> _firstPeriods = new(StringComparer.Ordinal);

    /// <summary>True for a set whose rows belong to one computation of their month.</summary>
    public static bool IsVersioned(DatasetDefinition dataset) => StorageNames.VersionedTables.Contains(dataset?.Table ?? throw new ArgumentNullException(nameof(dataset)));

    /// <summary>The served rows of <paramref name="query"/>, bulletins with their text.</summary>
    public async IAsyncEnumerable<TableEntity> ReadAsync(DatasetQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var table = account.Tables.GetTableClient(query.Dataset.Table);
        var maxPerPage = query.PageHint is { } hint ? Math.Clamp(hint, 1, 1000) : (int?)null;
        await foreach (var filter in QueriesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (query.Served is null || query.Served.IsServed(entity, query.AsOf))
                {
                    await ResolveAsync(query.Dataset, entity, cancellationToken).ConfigureAwait(false);
                    yield return entity;
                }
            }
        }
    }

    /// <summary>
    /// One page of served rows that <paramref name="select"/> keeps (null drops a row), after
    /// <paramref name="skip"/> kept ones, read a storage page at a time: <c>More</c> is true when
    /// storage has rows after them (the next page may then be empty). Reads no storage page past the
    /// one that fills the page, except to look into the next month when the page ends with one.
    /// </summary>
    public Task<(List<T> Rows, bool More)> ReadPageAsync<T>(DatasetQuery query, Func<TableEntity, T?> select, int skip, int count, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(select);
        return PageAsync(query, (filter, hint) => EntityPagesAsync(query, filter, hint, cancellationToken), select, skip, count, cancellationToken);
    }

    /// <summary>
    /// The served rows of <paramref name="query"/> as typed values, read from storage's JSON
    /// (<see cref="StoredRowJson"/>) with only the set's fields selected. Not for bulletins, whose text
    /// is in blobs (<see cref="ReadAsync"/>).
    /// </summary>
    public async IAsyncEnumerable<StoredRow> ReadRowsAsync(DatasetQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var maxPerPage = query.PageHint is { } hint ? Math.Clamp(hint, 1, 1000) : (int?)null;
        await foreach (var filter in QueriesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var (rows, _) in RowPagesAsync(query, filter, maxPerPage, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in rows)
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="ReadPageAsync{T}"/> on typed rows (<see cref="ReadRowsAsync"/>): the rows that
    /// <paramref name="select"/> keeps after <paramref name="skip"/> kept ones, a storage page at a time.
    /// </summary>
    public Task<(List<T> Rows, bool More)> ReadRowPageAsync<T>(DatasetQuery query, Func<StoredRow, T?> select, int skip, int count, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(select);
        return PageAsync(query, (filter, hint) => RowPagesAsync(query, filter, hint, cancellationToken), select, skip, count, cancellationToken);
    }

    /// <summary>
    /// The months a read of a period-partitioned set visits, in order: an open lower end closed by the
    /// set's first stored month, an open upper end by the newest pointer (the month it is in Vietnam while there is none).
    /// </summary>
    public async IAsyncEnumerable<Period> Months(DatasetQuery query, bool descending = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var first = query.From is null ? await FirstPeriodAsync(query.Dataset, cancellationToken).ConfigureAwait(false) : null;
        foreach (var month in MonthQueries.Months(query.From, query.To, query.Served ?? NoPointers, first, time.CurrentPeriod(), descending))
        {
            yield return month;
        }
    }

    /// <summary>
    /// For tables that are not versioned (Uploads): a digest of every matching row's keys and ETag,
    /// read with nothing else selected. Any write changes a row's ETag, so the digest changes with the content.
    /// </summary>
    public async Task<string> KeysFingerprintAsync(DatasetQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var table = account.Tables.GetTableClient(query.Dataset.Table);
        await foreach (var entity in table.QueryAsync<TableEntity>(query.TableFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{entity.PartitionKey}\n{entity.RowKey}\n{entity.ETag}\n"));
        }

        return "keys:" + Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The storage queries of a read: its filter for a set that is not versioned, one per month of its range otherwise.</summary>
    private async IAsyncEnumerable<string?> QueriesAsync(DatasetQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Served is null || !query.Dataset.PeriodPartitioned)
        {
            yield return query.TableFilter;
            yield break;
        }

        await foreach (var month in Months(query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return MonthQueries.For(query.TableFilter, month, query.Served, query.AsOf);
        }
    }

    /// <summary>
    /// The page loop of <see cref="ReadPageAsync{T}"/> and <see cref="ReadRowPageAsync{T}"/>: each storage query of
    /// the read asked for as few rows as the page still needs, read a storage page at a time.
    /// </summary>
    private async Task<(List<T> Rows, bool More)> PageAsync<TSource, T>(DatasetQuery query,
        Func<string?, int, IAsyncEnumerable<(List<TSource> Rows, bool Last)>> pages, Func<TSource, T?> select, int skip, int count, CancellationToken cancellationToken)
        where T : class
    {
        var rows = new List<T>(count);
        await foreach (var filter in QueriesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            var hint = Math.Clamp(count - rows.Count + skip + 1, 1, 1000);
            await foreach (var (page, last) in pages(filter, hint).ConfigureAwait(false))
            {
                foreach (var source in page)
                {
                    if (select(source) is not { } row)
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

                if (last)
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

    /// <summary>The served rows of one storage query as entities (bulletins with their text), a page at a time, and whether it was the last page.</summary>
    private async IAsyncEnumerable<(List<TableEntity> Rows, bool Last)> EntityPagesAsync(DatasetQuery query, string? filter, int maxPerPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(query.Dataset.Table);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage, cancellationToken: cancellationToken).AsPages(pageSizeHint: maxPerPage).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            List<TableEntity> rows = [];
            foreach (var entity in page.Values)
            {
                if (query.Served is null || query.Served.IsServed(entity, query.AsOf))
                {
                    await ResolveAsync(query.Dataset, entity, cancellationToken).ConfigureAwait(false);
                    rows.Add(entity);
                }
            }

            yield return (rows, page.ContinuationToken is null);
        }
    }

    /// <summary>
    /// The served rows of one storage query, a page at a time, and whether it was the last page. Each page's
    /// JSON is taken from the SDK's pipeline (<see cref="TablePageCapture"/>), which only the request that
    /// fetches it sees: the scope is opened around each fetch, not around the enumeration.
    /// </summary>
    private async IAsyncEnumerable<(List<StoredRow> Rows, bool Last)> RowPagesAsync(DatasetQuery query, string? filter, int? maxPerPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var layout = StoredRowLayout.For(query.Dataset);
        var json = new StoredRowJson(layout);
        var sink = new TablePageSink();
        var table = account.Tables.GetTableClient(query.Dataset.Table);
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage, layout.Select, cancellationToken).AsPages(pageSizeHint: maxPerPage).GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                using (TablePageCapture.Scope(sink))
                {
                    more = await pages.MoveNextAsync().ConfigureAwait(false);
                }

                if (!more)
                {
                    yield break;
                }

                var rows = json.Read(sink.Take().ToMemory().Span);
                sink.Release(); // The rows hold copies of what they read.
                if (query.Served is { } served)
                {
                    rows.RemoveAll(r => !served.IsServed(r.Period, r.Version, query.AsOf));
                }

                yield return (rows, pages.Current.ContinuationToken is null);
            }
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
    /// when it is empty. Looked up at most once every <see cref="FirstPeriodFor"/> per set, one lookup
    /// shared by the requests that need it meanwhile (a cold host's first requests all do).
    /// </summary>
    private Task<Period?> FirstPeriodAsync(DatasetDefinition dataset, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Task<Period?> lookup;
        lock (_firstPeriods)
        {
            if (!_firstPeriods.TryGetValue(dataset.Table, out var known) || now - known.ReadAt >= FirstPeriodFor || known.Period.IsFaulted || known.Period.IsCanceled)
            {
                known = (ReadFirstPeriodAsync(dataset.Table), now);
                _firstPeriods[dataset.Table] = known;
            }

            lookup = known.Period;
        }

        return lookup.WaitAsync(cancellationToken);
    }

    private async Task<Period?> ReadFirstPeriodAsync(string tableName)
    {
        var table = account.Tables.GetTableClient(tableName);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: CancellationToken.None).ConfigureAwait(false))
        {
            return entity.PartitionKey.Length >= 7 && Period.TryParse(entity.PartitionKey[..7], out var period) ? period : null;
        }

        return null;
    }
}
