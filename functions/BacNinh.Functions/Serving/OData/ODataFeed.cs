using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Functions.Http;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
#pragma warning disable CS0618
using EdmDate = Microsoft.OData.Edm.Date;
#pragma warning restore CS0618

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The OData v4 service at <c>/api/odata</c>, on Microsoft.OData.Core: service document,
/// <c>$metadata</c> (CSDL XML), and entity sets with <c>$filter</c>, <c>$select</c>, <c>$orderby</c>,
/// <c>$top</c>, <c>$skip</c>, <c>$count</c> and server-driven paging (<c>$skiptoken</c>).
/// <c>$filter</c> is parsed by <see cref="ODataUriParser"/>; its period, indicator and tier terms
/// narrow the table query (<see cref="TablePushdown"/>) and the whole of it is then evaluated on
/// each row (<see cref="FilterEvaluator"/>). Pages are built once per computation and kept
/// (<see cref="KeptPages"/>), against the months' pointers read once a second (<see cref="FeedSnapshots"/>),
/// in the orders of <see cref="FeedOrder"/>.
/// </summary>
public sealed class ODataFeed(DatasetReader reader, KeptPages pages, IOptions<ODataFeedOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>Rows a <c>$skip</c> may pass over without a position where an earlier page ended.</summary>
    public const int MaxSkipWithoutPosition = 10_000;

    /// <summary>What a cached row is reckoned to cost, for the cache's size limit.</summary>
    private const int RowBytes = 2048;

    /// <summary>How long an unused month or position stays: its key names the computations it came from, so it never goes stale.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    /// <summary>Sorted months and <c>$skip</c> positions, within 256 MiB in all.</summary>
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });

    private readonly FeedSnapshots _snapshots = new(reader, time);

    private static readonly ServedVersions NoPointers = new(new Dictionary<string, MonthVersion>());

    private static readonly HashSet<string> SupportedOptions = new(StringComparer.Ordinal)
    {
        "$filter", "$select", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format",
    };

    public IEdmModel Model { get; } = DatasetEdmModel.Build(ServedDatasets.All);

    public async Task ExecuteAsync(HttpContext context, string? path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var serviceRoot = new Uri($"{PublicScheme.Of(request)}://{request.Host}{request.PathBase}/api/odata/");
        using var body = new MemoryStream();
        var message = new BufferedResponseMessage(body);
        string? keep = null;
        try
        {
            path = path?.Trim('/') ?? string.Empty;
            var set = path.Length == 0 || path == "$metadata" ? null : await PageKeyAsync(request, serviceRoot, path, cancellationToken).ConfigureAwait(false);
            if (set?.Key is { } key && await pages.TryWriteAsync(context.Response, key, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (path.Length == 0)
            {
                using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: true), Model);
                await writer.WriteServiceDocumentAsync(Model.GenerateServiceDocument()).ConfigureAwait(false);
            }
            else if (path == "$metadata")
            {
                using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: false), Model);
                await writer.WriteMetadataDocumentAsync().ConfigureAwait(false);
            }
            else
            {
                await WriteSetAsync(request, serviceRoot, path, set!.Snapshot, message, cancellationToken).ConfigureAwait(false);
                keep = set.Key;
            }
        }
        catch (ODataQueryException ex)
        {
            body.SetLength(0);
            message = new BufferedResponseMessage(body);
            await WriteErrorAsync(message, serviceRoot, ex.StatusCode, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (ODataUnrecognizedPathException ex)
        {
            body.SetLength(0);
            message = new BufferedResponseMessage(body);
            await WriteErrorAsync(message, serviceRoot, StatusCodes.Status404NotFound, "NotFound", ex.Message).ConfigureAwait(false);
        }
        catch (ODataException ex)
        {
            body.SetLength(0);
            message = new BufferedResponseMessage(body);
            await WriteErrorAsync(message, serviceRoot, StatusCodes.Status400BadRequest, "BadRequest", ex.Message).ConfigureAwait(false);
        }

        var response = context.Response;
        response.StatusCode = message.StatusCode;
        foreach (var (name, value) in message.Headers)
        {
            response.Headers[name] = value;
        }

        response.Headers["OData-Version"] = "4.0";
        response.ContentLength = body.Length;
        body.Position = 0;
        await body.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
        if (keep is not null)
        {
            await pages.KeepAsync(keep, [.. message.Headers, new("OData-Version", "4.0")], body, response).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks the query's options, and for a versioned set reads the snapshot its page serves and
    /// returns the key the page is kept under: decided by its URL and the computations it serves,
    /// so a page built once is served from memory, found before the query is even parsed.
    /// </summary>
    private async Task<PageKey> PageKeyAsync(HttpRequest request, Uri serviceRoot, string path, CancellationToken cancellationToken)
    {
        foreach (var key in request.Query.Keys)
        {
            if (key.StartsWith('$') && !SupportedOptions.Contains(key))
            {
                throw new ODataQueryException("UnsupportedQueryOption", $"The query option '{key}' is not supported by this service.");
            }
        }

        if (request.Query.TryGetValue("$format", out var format) && !format.ToString().StartsWith("json", StringComparison.OrdinalIgnoreCase)
            && !format.ToString().StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ODataQueryException("UnsupportedFormat", "Only JSON is served.");
        }

        var versioned = ServedDatasets.All.FirstOrDefault(d => d.Name == path) is { } named && StorageNames.VersionedTables.Contains(named.Table) ? named : null;
        if (versioned is null)
        {
            return new PageKey(null, null);
        }

        var tokenAsOf = SkipToken.PeekAsOf(request.Query["$skiptoken"].ToString());
        var snapshot = await _snapshots.GetAsync(versioned, tokenAsOf, cancellationToken).ConfigureAwait(false);
        var pageKey = string.Join('\n', serviceRoot, path, request.QueryString.Value, options.Value.PageSize,
            tokenAsOf is null ? snapshot.Version : DatasetReader.ServedVersion(snapshot.Served, null, tokenAsOf));
        return new PageKey(pageKey, snapshot);
    }

    private sealed record PageKey(string? Key, FeedSnapshot? Snapshot);

    /// <summary>Writes a page of an entity set (its options already checked by <see cref="PageKeyAsync"/>).</summary>
    private async Task WriteSetAsync(HttpRequest request, Uri serviceRoot, string path, FeedSnapshot? snapshot, BufferedResponseMessage message, CancellationToken cancellationToken)
    {
        var parser = new ODataUriParser(Model, serviceRoot, new Uri(serviceRoot, path + request.QueryString.Value));
        var (odataPath, dataset, filter, select, orderBy, top, skip, count, skipTokenText) = Parse(parser);
        var token = skipTokenText is null ? null : SkipToken.Decode(skipTokenText, orderBy.Count);

        // Later pages serve what the first page served, even if a month was recomputed meanwhile;
        // a first page serves the snapshot it was given, as of when that was read.
        var served = snapshot?.Served;
        var asOf = token?.AsOf ?? snapshot?.ReadAt ?? time.GetUtcNow();
        var (from, to) = TablePushdown.PeriodRange(filter);
        var singleMonth = dataset.PeriodPartitioned && from is { } first && to == first;
        var reference = ReferenceDatasets.IsReference(dataset);

        if (count && !reference && !singleMonth)
        {
            throw new ODataQueryException("UnsupportedCount",
                "$count is served for one month at a time (PeriodStart ge … and PeriodStart lt … the next month, or Period eq …); counting more would read the whole set.");
        }

        var keyOrder = reference || (FeedOrder.IsKeyOrder(dataset, orderBy) && !count);
        if (!keyOrder && !singleMonth && orderBy[0].Field.Name is not ("Period" or "PeriodStart"))
        {
            throw new ODataQueryException("UnsupportedOrderBy",
                "$orderby must start with Period or PeriodStart, or the filter must name one month: any other order would sort the whole set on every page.");
        }

        // $skip resumes where an earlier page of the same query ended; past that, it would read from the start every time.
        var positionKey = string.Join('\n', dataset.Name, request.Query["$filter"].ToString(), request.Query["$orderby"].ToString(), served is null ? null : Served(served, from, to, asOf));
        var remainingSkip = token is null ? skip ?? 0 : 0;
        if (remainingSkip > 0 && _cache.TryGetValue(PositionKey(positionKey, remainingSkip), out SkipToken? position) && position is not null)
        {
            token = position;
            asOf = position.AsOf ?? asOf;
            remainingSkip = 0;
        }

        if (remainingSkip > MaxSkipWithoutPosition && !reference)
        {
            throw new ODataQueryException("UnsupportedSkip",
                $"$skip beyond {MaxSkipWithoutPosition:N0} rows is served only where an earlier page of the same query ended; follow @odata.nextLink ($skiptoken) instead.");
        }

        var pageSize = options.Value.PageSize;
        var limit = (int)Math.Min(pageSize, top ?? long.MaxValue);
        long? total = null;
        List<DatasetRow> page;
        var more = false;
        if (reference)
        {
            var all = await reader.ReadRowsAsync(dataset, null, null, null, null, null, null, cancellationToken).Where(r => filter is null || FilterEvaluator.Matches(filter, r)).ToListAsync(cancellationToken).ConfigureAwait(false);
            total = count ? all.Count : null;
            all.Sort((a, b) => FeedOrder.CompareRows(a, b, orderBy));
            page = [.. all.SkipWhile(r => token is not null && FeedOrder.CompareToToken(r, token, orderBy) <= 0).Skip((int)remainingSkip).Take(limit + 1)];
        }
        else if (keyOrder)
        {
            // The table's own order: each page is a range query starting after the last row served, month by month from that row's.
            var tableFilter = TablePushdown.Build(dataset, filter, token is null ? null : (token.PartitionKey, token.RowKey));
            var resumeFrom = TokenMonth(token) is { } resumed && (from is null || resumed > from.Value) ? resumed : from;
            (page, more) = await reader.ReadPageAsync(dataset, tableFilter, served, asOf, filter is null ? null : r => FilterEvaluator.Matches(filter, r),
                (int)remainingSkip, limit, resumeFrom, to, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Month by month: each month's rows are sorted once per computation, then pages are slices of it.
            var descending = !singleMonth && orderBy[0].Descending;
            page = [];
            await foreach (var month in MonthsAsync(dataset, from, to, served, token, descending, cancellationToken).ConfigureAwait(false))
            {
                var group = await MonthAsync(dataset, filter, request.Query["$filter"].ToString(), orderBy, month, served, asOf, cancellationToken).ConfigureAwait(false);
                total ??= count ? group.Count : null;
                var start = token is null ? 0 : FeedOrder.UpperBound(group, token, orderBy);
                var skipHere = (int)Math.Min(remainingSkip, group.Count - start);
                remainingSkip -= skipHere;
                page.AddRange(group.Skip(start + skipHere).Take(limit + 1 - page.Count));
                token = null;
                if (page.Count > limit)
                {
                    break;
                }
            }
        }

        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            more = true;
        }

        Uri? nextLink = null;
        if (more && page.Count > 0)
        {
            var next = SkipToken.After(page[^1], [.. orderBy.Select(o => o.Field)], asOf);
            if (top is null || top.Value > limit)
            {
                nextLink = NextLink(request, serviceRoot, dataset, top is null ? null : top.Value - limit, next);
            }

            // Where this page ended, for a client that asks for the next one by $skip.
            if (skipTokenText is null)
            {
                _cache.Set(PositionKey(positionKey, (skip ?? 0) + page.Count), next, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = CacheFor });
            }
        }

        var selected = SelectedFields(dataset, select);
        var entitySet = Model.EntityContainer.FindEntitySet(dataset.Name);
        var settings = Settings(serviceRoot, new ODataUri { ServiceRoot = serviceRoot, Path = odataPath, SelectAndExpand = select }, json: true);
        using var writer = new ODataMessageWriter(message, settings, Model);
        var resources = await writer.CreateODataResourceSetWriterAsync(entitySet, entitySet.EntityType).ConfigureAwait(false);
        await resources.WriteStartAsync(new ODataResourceSet { Count = total, NextPageLink = nextLink }).ConfigureAwait(false);
        foreach (var row in page)
        {
            await resources.WriteStartAsync(new ODataResource
            {
                Properties = [.. selected.Select(f => new ODataProperty { Name = f.Name, Value = ToODataValue(row[f.Name]) })],
            }).ConfigureAwait(false);
            await resources.WriteEndAsync().ConfigureAwait(false);
        }

        await resources.WriteEndAsync().ConfigureAwait(false);
        await resources.FlushAsync().ConfigureAwait(false);
    }

    private static (ODataPath Path, DatasetDefinition Dataset, SingleValueNode? Filter, SelectExpandClause Select, List<(DatasetField Field, bool Descending)> OrderBy,
        long? Top, long? Skip, bool Count, string? SkipToken) Parse(ODataUriParser parser)
    {
        try
        {
            var odataPath = parser.ParsePath();
            if (odataPath.Count != 1 || odataPath.FirstSegment is not EntitySetSegment segment)
            {
                throw new ODataQueryException("UnsupportedPath", "Only whole entity sets can be read; filter them with $filter.");
            }

            var dataset = ServedDatasets.Find(segment.EntitySet.Name)!;
            var filter = parser.ParseFilter()?.Expression;
            if (filter is not null)
            {
                FilterEvaluator.Validate(filter);
            }

            return (odataPath, dataset, filter, parser.ParseSelectAndExpand(), FeedOrder.OrderFields(dataset, parser.ParseOrderBy()),
                parser.ParseTop(), parser.ParseSkip(), parser.ParseCount() == true, parser.ParseSkipToken());
        }
        catch (OverflowException)
        {
            // The URI parser converts literals to the types they meet (1e300 or INF compared with a decimal) and lets the overflow out.
            throw new ODataQueryException("InvalidNumber", "A number in the query is beyond the range of the type it is compared with.");
        }
    }

    private static ODataMessageWriterSettings Settings(Uri serviceRoot, ODataUri? uri, bool json)
    {
        var settings = new ODataMessageWriterSettings
        {
            BaseUri = serviceRoot,
            Version = ODataVersion.V4,
            EnableMessageStreamDisposal = false,
            ODataUri = uri ?? new ODataUri { ServiceRoot = serviceRoot },
        };
        if (json)
        {
            settings.SetContentType(ODataFormat.Json);
        }

        return settings;
    }

    private async Task WriteErrorAsync(BufferedResponseMessage message, Uri serviceRoot, int status, string code, string text)
    {
        message.StatusCode = status;
        using var writer = new ODataMessageWriter(message, Settings(serviceRoot, null, json: true), Model);
        await writer.WriteErrorAsync(new ODataError { Code = code, Message = text }, includeDebugInformation: false).ConfigureAwait(false);
    }

    private static List<DatasetField> SelectedFields(DatasetDefinition dataset, SelectExpandClause? select)
    {
        if (select is null || select.AllSelected)
        {
            return [.. dataset.Fields];
        }

        var names = select.SelectedItems.OfType<PathSelectItem>()
            .Select(p => p.SelectedPath.LastSegment)
            .OfType<PropertySegment>()
            .Select(s => s.Property.Name)
            .ToHashSet(StringComparer.Ordinal);
        return [.. dataset.Fields.Where(f => f.IsKey || names.Contains(f.Name))];
    }

    private static Uri NextLink(HttpRequest request, Uri serviceRoot, DatasetDefinition dataset, long? remainingTop, SkipToken token)
    {
        var parts = new List<string>();
        foreach (var (key, values) in request.Query)
        {
            if (key is "$skip" or "$skiptoken" or "$top")
            {
                continue;
            }

            parts.AddRange(values.Select(v => $"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(v ?? string.Empty)}"));
        }

        if (remainingTop is { } t)
        {
            parts.Add($"$top={t}");
        }

        parts.Add($"$skiptoken={Uri.EscapeDataString(token.Encode())}");
        return new Uri(serviceRoot, $"{dataset.Name}?{string.Join('&', parts)}");
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The computations served at <paramref name="asOf"/> of the months in the range, as text.</summary>
    private static string Served(ServedVersions served, Period? from, Period? to, DateTimeOffset asOf) =>
        string.Join(';', served.Months
            .Where(m => (from is null || string.CompareOrdinal(m.Key, from.Value.ToString()) >= 0) && (to is null || string.CompareOrdinal(m.Key, to.Value.ToString()) <= 0))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"{m.Key}={m.Value.ServedAt(asOf)}"));

    private static string PositionKey(string query, long offset) => $"skip\n{query}\n{offset}";

    /// <summary>
    /// The months a sorted read visits, in its order (<see cref="MonthQueries.Months"/>), from the month
    /// of the last row served: an ascending read resumes there, a descending one goes down from there.
    /// </summary>
    private async IAsyncEnumerable<Period> MonthsAsync(DatasetDefinition dataset, Period? from, Period? to, ServedVersions? served, SkipToken? token, bool descending,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var resume = TokenMonth(token);
        var lower = !descending && resume is { } after && (from is null || after > from.Value) ? after : from;
        var upper = descending && resume is { } before && (to is null || before < to.Value) ? before : to;
        var first = lower is null ? await reader.FirstPeriodAsync(dataset, cancellationToken).ConfigureAwait(false) : null;
        foreach (var month in MonthQueries.Months(lower, upper, served ?? NoPointers, first, Period.FromDate(time.GetUtcNow()), descending))
        {
            yield return month;
        }
    }

    /// <summary>The month of the row a skip token follows (partitions lead with the month).</summary>
    private static Period? TokenMonth(SkipToken? token) =>
        token is not null && token.PartitionKey.Length >= 7 && Period.TryParse(token.PartitionKey[..7], out var month) ? month : null;

    /// <summary>One month's rows matching the filter, sorted by the requested order: read and sorted once per computation of the month.</summary>
    private async Task<List<DatasetRow>> MonthAsync(DatasetDefinition dataset, SingleValueNode? filter, string filterText, List<(DatasetField Field, bool Descending)> orderBy, Period month,
        ServedVersions? served, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var version = served is null ? null : DatasetReader.ServedVersion(served, month, asOf);
        var key = version is null ? null
            : string.Join('\n', "month", dataset.Name, filterText,
                string.Join(',', orderBy.Select(o => $"{o.Field.Name} {o.Descending}")), version);
        if (key is not null && _cache.TryGetValue(key, out List<DatasetRow>? cached) && cached is not null)
        {
            return cached;
        }

        var rows = reader.ReadRowsAsync(dataset, TablePushdown.Build(dataset, filter, within: month), served, asOf, null, month, month, cancellationToken);
        if (filter is not null)
        {
            rows = rows.Where(r => FilterEvaluator.Matches(filter, r));
        }

        var group = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);
        group.Sort((a, b) => FeedOrder.CompareRows(a, b, orderBy));
        if (key is not null)
        {
            _cache.Set(key, group, new MemoryCacheEntryOptions { Size = Math.Max(1, group.Count) * (long)RowBytes, SlidingExpiration = CacheFor });
        }

        return group;
    }

#pragma warning disable CS0618 // Edm.Date is what ODL 8 writes for Edm.Date properties.
    private static object? ToODataValue(object? value) => value switch
    {
        DateOnly d => new EdmDate(d.Year, d.Month, d.Day),
        _ => value,
    };
#pragma warning restore CS0618
}
