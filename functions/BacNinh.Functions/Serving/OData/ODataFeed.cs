using System.Security.Cryptography;
using System.Text;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Http;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.Storage.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The OData v4 service at <c>/api/odata</c>, on Microsoft.OData.Core: service document,
/// <c>$metadata</c> (CSDL XML), and entity sets with <c>$filter</c>, <c>$select</c>, <c>$orderby</c>,
/// <c>$top</c>, <c>$skip</c>, <c>$count</c> and server-driven paging (<c>$skiptoken</c>). A request is
/// parsed and checked (<see cref="FeedQueryOptions"/>, <see cref="FeedPlan"/>), its rows read
/// (<see cref="PageSources"/>) and written (<see cref="FeedWriter"/>). A versioned set's page is kept
/// in the <see cref="BodyStore"/> under its options and the computations it serves (the months'
/// pointers shared by the process's requests, <see cref="ServedSnapshots"/>), so it never goes stale
/// and is built once however many ask for it.
/// </summary>
public sealed class ODataFeed(PageSources sources, ServedSnapshots snapshots, BodyStore bodies, IOptions<ODataFeedOptions> options, TimeProvider time)
{
    /// <summary>Where kept pages are named: the infrastructure's lifecycle rule removes old ones under this prefix.</summary>
    public const string PagesPrefix = "odata-pages";

    /// <summary>The length of the last page written, for the next one's buffer (kept without a lock: a race only misjudges one buffer).</summary>
    private int _pageBytes = 64 * 1024;

    private readonly BuiltReads _builtReads = new();

    public IEdmModel Model { get; } = DatasetEdmModel.Build(ServedDatasets.All);

    public async Task ExecuteAsync(HttpContext context, string? path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var serviceRoot = new Uri($"{PublicScheme.Of(request)}://{request.Host}{request.PathBase}/api/odata/");
        path = path?.Trim('/') ?? string.Empty;
        Document page;
        try
        {
            page = path.Length == 0 ? Buffer(m => FeedWriter.WriteServiceDocument(m, Model, serviceRoot))
                : path == "$metadata" ? Buffer(m => FeedWriter.WriteMetadata(m, Model, serviceRoot))
                : await SetPageAsync(serviceRoot, path, FeedQueryOptions.Parse(request.Query), cancellationToken).ConfigureAwait(false);
        }
        catch (ODataQueryException ex)
        {
            page = Error(serviceRoot, ex.StatusCode, ex.Code, ex.Message);
        }
        catch (ODataUnrecognizedPathException ex)
        {
            page = Error(serviceRoot, StatusCodes.Status404NotFound, "NotFound", ex.Message);
        }
        catch (ODataException ex)
        {
            page = Error(serviceRoot, StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }

        var response = context.Response;
        response.StatusCode = page.Status;
        response.ContentType = page.ContentType;
        response.Headers["OData-Version"] = "4.0";
        response.ContentLength = page.Bytes.Length;
        await response.Body.WriteAsync(page.Bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of an entity set: for a versioned set, kept under its options and the computations it serves.</summary>
    private async Task<Document> SetPageAsync(Uri serviceRoot, string path, FeedQueryOptions query, CancellationToken cancellationToken)
    {
        var versioned = ServedDatasets.All.FirstOrDefault(d => d.Name == path) is { } named && DatasetTable.IsVersioned(named);
        if (!versioned)
        {
            return await BuildAsync(serviceRoot, path, query, null).ConfigureAwait(false);
        }

        // A later page serves what its first page served; a first page the snapshot as of when it was read.
        var tokenAsOf = SkipToken.PeekAsOf(query["$skiptoken"]);
        var snapshot = await snapshots.GetAsync(tokenAsOf, cancellationToken).ConfigureAwait(false);
        var key = string.Join('\n', serviceRoot, path, query.QueryString, options.Value.PageSize,
            tokenAsOf is null ? snapshot.Version : ServedSnapshot.VersionOf(snapshot.Served, null, tokenAsOf));
        var tag = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var read = BuiltReads.ReadOf(serviceRoot, path, query);
        var firstPage = query["$skiptoken"] is null;
        var builtHere = false;
        var kept = await bodies.GetOrBuildAsync(BodyStore.NameFor(PagesPrefix, key, "json"), tag, async () =>
        {
            builtHere = true;
            var built = await BuildAsync(serviceRoot, path, query, snapshot).ConfigureAwait(false);
            return new BuiltBody(built.Bytes, built.ContentType, Empty: false);
        }, lookInBlobs: _builtReads.WorthLookingFor(read, firstPage), cancellationToken).ConfigureAwait(false);
        if (firstPage)
        {
            _builtReads.FirstPageServed(read, builtHere);
        }

        return new Document(StatusCodes.Status200OK, kept.ContentType, kept.Bytes);
    }

    private async Task<Document> BuildAsync(Uri serviceRoot, string path, FeedQueryOptions query, ServedSnapshot? snapshot)
    {
        var plan = FeedPlan.Parse(Model, serviceRoot, path, query);

        // Read to the end even if the client leaves: others may be waiting for the same page.
        var page = await sources.ReadAsync(plan, query, snapshot, options.Value.PageSize, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        var nextLink = page.Next is not null && (plan.Top is null || plan.Top.Value > page.Limit)
            ? new Uri(serviceRoot, plan.Dataset.Name + query.Next(plan.Top is null ? null : plan.Top.Value - page.Limit, page.Next.Encode()))
            : null;
        var document = Buffer(m => FeedWriter.WritePage(m, Model, serviceRoot, plan, page, nextLink), _pageBytes + (_pageBytes / 8));
        _pageBytes = document.Bytes.Length;
        return document;
    }

    private Document Error(Uri serviceRoot, int status, string code, string text) =>
        Buffer(m => FeedWriter.WriteError(m, Model, serviceRoot, status, code, text));

    /// <summary>A document written to memory first, so that its status, content type and length are settled before anything reaches the client.</summary>
    /// <param name="capacity">What it is expected to take: a page about as much as the last one (a stream grown by doubling copies it as often).</param>
    private static Document Buffer(Action<BufferedResponseMessage> write, int capacity = 0)
    {
        using var body = new MemoryStream(capacity);
        var message = new BufferedResponseMessage(body);
        write(message);
        return new Document(message.StatusCode, message.GetHeader("Content-Type") ?? "application/json", body.ToArray());
    }

    /// <summary>A response of the feed, whole.</summary>
    private sealed record Document(int Status, string ContentType, byte[] Bytes);
}
