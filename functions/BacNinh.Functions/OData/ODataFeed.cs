using BacNinh.Core.Datasets;
using BacNinh.Functions.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
#pragma warning disable CS0618
using EdmDate = Microsoft.OData.Edm.Date;
#pragma warning restore CS0618

namespace BacNinh.Functions.OData;

/// <summary>
/// The OData v4 service at <c>/api/odata</c>, on Microsoft.OData.Core: service document,
/// <c>$metadata</c> (CSDL XML), and entity sets with <c>$filter</c>, <c>$select</c>, <c>$orderby</c>,
/// <c>$top</c>, <c>$skip</c>, <c>$count</c> and server-driven paging (<c>$skiptoken</c>).
/// <c>$filter</c> is parsed by <see cref="ODataUriParser"/>; its period, indicator and tier terms
/// narrow the table query (<see cref="TablePushdown"/>) and the whole of it is then evaluated on
/// each row (<see cref="FilterEvaluator"/>).
/// </summary>
public sealed class ODataFeed(DatasetReader reader, IOptions<ODataFeedOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> SupportedOptions = new(StringComparer.Ordinal)
    {
        "$filter", "$select", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format",
    };

    public IEdmModel Model { get; } = DatasetEdmModel.Build(ServedDatasets.All);

    public async Task ExecuteAsync(HttpContext context, string? path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var serviceRoot = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/api/odata/");
        using var body = new MemoryStream();
        var message = new BufferedResponseMessage(body);
        try
        {
            path = path?.Trim('/') ?? string.Empty;
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
                await WriteSetAsync(request, serviceRoot, path, message, cancellationToken).ConfigureAwait(false);
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
    }

    private async Task WriteSetAsync(HttpRequest request, Uri serviceRoot, string path, BufferedResponseMessage message, CancellationToken cancellationToken)
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

        var parser = new ODataUriParser(Model, serviceRoot, new Uri(serviceRoot, path + request.QueryString.Value));
        var (odataPath, dataset, filter, select, orderBy, top, skip, count, skipTokenText) = Parse(parser);
        var token = skipTokenText is null ? null : SkipToken.Decode(skipTokenText, orderBy.Count);

        var readAll = orderBy.Count > 0 || count;
        var after = token is not null && !readAll ? (token.PartitionKey, token.RowKey) : ((string, string)?)null;
        var tableFilter = TablePushdown.Build(dataset, filter, after);
        // Later pages serve what the first page served, even if a month was recomputed meanwhile.
        var asOf = token?.AsOf ?? time.GetUtcNow();
        var rows = reader.ReadRowsAsync(dataset, tableFilter, asOf, cancellationToken);
        if (filter is not null)
        {
            rows = rows.Where(r => FilterEvaluator.Matches(filter, r));
        }

        long? total = null;
        if (readAll)
        {
            var all = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);
            total = all.Count;
            if (orderBy.Count > 0)
            {
                all.Sort((a, b) => CompareRows(a, b, orderBy));
            }

            rows = all.ToAsyncEnumerable();
        }

        if (token is not null)
        {
            rows = rows.SkipWhile(r => CompareToToken(r, token, orderBy) <= 0);
        }
        else if (skip is > 0)
        {
            rows = rows.Skip((int)Math.Min(skip.Value, int.MaxValue));
        }

        var pageSize = options.Value.PageSize;
        var limit = (int)Math.Min(pageSize, top ?? long.MaxValue);
        var page = await rows.Take(limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        Uri? nextLink = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            if (top is null || top.Value > limit)
            {
                nextLink = NextLink(request, serviceRoot, dataset, top is null ? null : top.Value - limit, SkipToken.After(page[^1], [.. orderBy.Select(o => o.Field)], asOf));
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

            return (odataPath, dataset, filter, parser.ParseSelectAndExpand(), OrderFields(dataset, parser.ParseOrderBy()),
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

    private static List<(DatasetField Field, bool Descending)> OrderFields(DatasetDefinition dataset, OrderByClause? clause)
    {
        var fields = new List<(DatasetField, bool)>();
        for (; clause is not null; clause = clause.ThenBy)
        {
            var expression = clause.Expression is ConvertNode convert ? convert.Source : clause.Expression;
            if (expression is not SingleValuePropertyAccessNode property || dataset.Find(property.Property.Name) is not { } field)
            {
                throw new ODataQueryException("UnsupportedOrderBy", "$orderby takes properties of the entity set.");
            }

            fields.Add((field, clause.Direction == OrderByDirection.Descending));
        }

        return fields;
    }

    private static int CompareRows(DatasetRow a, DatasetRow b, List<(DatasetField Field, bool Descending)> orderBy)
    {
        foreach (var (field, descending) in orderBy)
        {
            var c = FilterEvaluator.Compare(a[field.Name], b[field.Name]);
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        var pk = string.CompareOrdinal(a.PartitionKey, b.PartitionKey);
        return pk != 0 ? pk : string.CompareOrdinal(a.RowKey, b.RowKey);
    }

    private static int CompareToToken(DatasetRow row, SkipToken token, List<(DatasetField Field, bool Descending)> orderBy)
    {
        for (var i = 0; i < orderBy.Count; i++)
        {
            var (field, descending) = orderBy[i];
            var c = FilterEvaluator.Compare(row[field.Name], token.OrderValue(i, field));
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        var pk = string.CompareOrdinal(row.PartitionKey, token.PartitionKey);
        return pk != 0 ? pk : string.CompareOrdinal(row.RowKey, token.RowKey);
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

#pragma warning disable CS0618 // Edm.Date is what ODL 8 writes for Edm.Date properties.
    private static object? ToODataValue(object? value) => value switch
    {
        DateOnly d => new EdmDate(d.Year, d.Month, d.Day),
        _ => value,
    };
#pragma warning restore CS0618
}
