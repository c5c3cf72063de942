using BacNinh.Core.Periods;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Caching.Memory;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The rows of one page of a <see cref="FeedPlan"/>: a reference set sorted in memory; the table's
/// key order as a range query after the last row served, month by month from that row's; any other
/// order month by month, each month's rows sorted once per computation (kept, within 256 MiB) and
/// pages slices of it. Where a page ended is kept for a client that asks for the next by <c>$skip</c>.
/// </summary>
public sealed class PageSources(DatasetReader reader, DatasetTable table) : IDisposable
{
    /// <summary>Rows a <c>$skip</c> may pass over without a position where an earlier page ended.</summary>
    public const int MaxSkipWithoutPosition = 10_000;

    /// <summary>What a cached row is reckoned to cost, for the cache's size limit.</summary>
    private const int RowBytes = 2048;

    /// <summary>How long an unused month or position stays: its key names the computations it came from, so it never goes stale.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });

    /// <summary>
    /// The page's rows (up to <paramref name="pageSize"/> and <c>$top</c>), where the next page starts
    /// (null on the last), and the month's count for <c>$count</c>; read as of the skip token's first
    /// page, or as of <paramref name="snapshot"/> (<paramref name="now"/> for a set that is not versioned).
    /// </summary>
    public async Task<FeedPage> ReadAsync(FeedPlan plan, FeedQueryOptions options, ServedSnapshot? snapshot, int pageSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var token = plan.Token;
        var asOf = token?.AsOf ?? snapshot?.ReadAt ?? now;
        var (from, to) = plan.Months;

        // $skip resumes where an earlier page of the same query ended; past that, it would read from the start every time.
        var positionKey = string.Join('\n', plan.Dataset.Name, options["$filter"], options["$orderby"], snapshot is null ? null : ServedSnapshot.VersionOf(snapshot.Served, from, to, asOf));
        var skip = token is null ? plan.Skip ?? 0 : 0;
        if (skip > 0 && _cache.TryGetValue(PositionKey(positionKey, skip), out SkipToken? position) && position is not null)
        {
            (token, asOf, skip) = (position, position.AsOf ?? asOf, 0);
        }

        if (skip > MaxSkipWithoutPosition && !plan.IsReference)
        {
            throw new ODataQueryException("UnsupportedSkip",
                $"$skip beyond {MaxSkipWithoutPosition:N0} rows is served only where an earlier page of the same query ended; follow @odata.nextLink ($skiptoken) instead.");
        }

        var limit = (int)Math.Min(pageSize, plan.Top ?? long.MaxValue);
        var query = new DatasetQuery(plan.Dataset) { Served = snapshot?.Served, AsOf = asOf, From = from, To = to };
        var (rows, more, total) = plan.IsReference ? await ReferenceAsync(plan, query, token, (int)skip, limit, cancellationToken).ConfigureAwait(false)
            : plan.KeyOrder ? await KeyOrderAsync(plan, query, token, (int)skip, limit, cancellationToken).ConfigureAwait(false)
            : await SortedAsync(plan, options, query, token, skip, limit, cancellationToken).ConfigureAwait(false);
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            more = true;
        }

        var next = more && rows.Count > 0 ? SkipToken.After(rows[^1], [.. plan.OrderBy.Select(o => o.Field)], asOf) : null;
        if (next is not null && plan.Token is null)
        {
            // Where this page ended, for a client that asks for the next one by $skip.
            _cache.Set(PositionKey(positionKey, (plan.Skip ?? 0) + rows.Count), next, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = CacheFor });
        }

        return new FeedPage(rows, next, total, limit);
    }

    public void Dispose() => _cache.Dispose();

    private async Task<(List<DatasetRow>, bool, long?)> ReferenceAsync(FeedPlan plan, DatasetQuery query, SkipToken? token, int skip, int limit, CancellationToken cancellationToken)
    {
        var all = await reader.ReadRowsAsync(query, cancellationToken).Where(r => plan.Filter is null || FilterEvaluator.Matches(plan.Filter, r)).ToListAsync(cancellationToken).ConfigureAwait(false);
        all.Sort((a, b) => FeedOrder.CompareRows(a, b, plan.OrderBy));
        List<DatasetRow> page = [.. all.SkipWhile(r => token is not null && FeedOrder.CompareToToken(r, token, plan.OrderBy) <= 0).Skip(skip).Take(limit + 1)];
        return (page, false, plan.Count ? all.Count : null);
    }

    /// <summary>The table's own order: a range query starting after the last row served, month by month from that row's.</summary>
    private async Task<(List<DatasetRow>, bool, long?)> KeyOrderAsync(FeedPlan plan, DatasetQuery query, SkipToken? token, int skip, int limit, CancellationToken cancellationToken)
    {
        var resumeFrom = TokenMonth(token) is { } resumed && (query.From is null || resumed > query.From.Value) ? resumed : query.From;
        query = query with { TableFilter = TablePushdown.Build(plan.Dataset, plan.Filter, token is null ? null : (token.PartitionKey, token.RowKey)), From = resumeFrom };
        var (rows, more) = await reader.ReadPageAsync(query, plan.Filter is null ? null : r => FilterEvaluator.Matches(plan.Filter, r), skip, limit, cancellationToken).ConfigureAwait(false);
        return (rows, more, null);
    }

    /// <summary>Month by month in the read's order (an ascending read resumes at the token's month, a descending one goes down from it).</summary>
    private async Task<(List<DatasetRow>, bool, long?)> SortedAsync(FeedPlan plan, FeedQueryOptions options, DatasetQuery query, SkipToken? token, long skip, int limit, CancellationToken cancellationToken)
    {
        var descending = !plan.SingleMonth && plan.OrderBy[0].Descending;
        var resume = TokenMonth(token);
        var months = query with
        {
            From = !descending && resume is { } after && (query.From is null || after > query.From.Value) ? after : query.From,
            To = descending && resume is { } before && (query.To is null || before < query.To.Value) ? before : query.To,
        };
        var page = new List<DatasetRow>();
        long? total = null;
        await foreach (var month in table.Months(months, descending, cancellationToken).ConfigureAwait(false))
        {
            var group = await MonthAsync(plan, options["$filter"], query.Within(month), cancellationToken).ConfigureAwait(false);
            total ??= plan.Count ? group.Count : null;
            var start = token is null ? 0 : FeedOrder.UpperBound(group, token, plan.OrderBy);
            var skipHere = (int)Math.Min(skip, group.Count - start);
            skip -= skipHere;
            page.AddRange(group.Skip(start + skipHere).Take(limit + 1 - page.Count));
            token = null;
            if (page.Count > limit)
            {
                break;
            }
        }

        return (page, false, total);
    }

    /// <summary>One month's rows matching the filter, sorted by the requested order: read and sorted once per computation of the month.</summary>
    private async Task<List<DatasetRow>> MonthAsync(FeedPlan plan, string? filterText, DatasetQuery month, CancellationToken cancellationToken)
    {
        var key = month.Served is null ? null
            : string.Join('\n', "month", plan.Dataset.Name, filterText, string.Join(',', plan.OrderBy.Select(o => $"{o.Field.Name} {o.Descending}")),
                ServedSnapshot.VersionOf(month.Served, month.From, month.AsOf));
        if (key is not null && _cache.TryGetValue(key, out List<DatasetRow>? cached) && cached is not null)
        {
            return cached;
        }

        var rows = reader.ReadRowsAsync(month with { TableFilter = TablePushdown.Build(plan.Dataset, plan.Filter, within: month.From) }, cancellationToken);
        if (plan.Filter is not null)
        {
            rows = rows.Where(r => FilterEvaluator.Matches(plan.Filter, r));
        }

        var group = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);
        group.Sort((a, b) => FeedOrder.CompareRows(a, b, plan.OrderBy));
        if (key is not null)
        {
            _cache.Set(key, group, new MemoryCacheEntryOptions { Size = Math.Max(1, group.Count) * (long)RowBytes, SlidingExpiration = CacheFor });
        }

        return group;
    }

    private static string PositionKey(string query, long offset) => $"skip\n{query}\n{offset}";

    /// <summary>The month of the row a skip token follows (partitions lead with the month).</summary>
    private static Period? TokenMonth(SkipToken? token) =>
        token is not null && token.PartitionKey.Length >= 7 && Period.TryParse(token.PartitionKey[..7], out var month) ? month : null;
}

/// <summary>A page's rows, where the next page starts (null on the last), the count for <c>$count</c>, and the most rows it could hold.</summary>
public sealed record FeedPage(List<DatasetRow> Rows, SkipToken? Next, long? Total, int Limit);
