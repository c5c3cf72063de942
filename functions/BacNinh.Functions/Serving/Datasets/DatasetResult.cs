using System.Security.Cryptography;
using System.Text;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Bodies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// Writes dataset rows as JSON (an array of objects) or CSV (UTF-8 with BOM, for Excel), streamed
/// as they are read: memory stays the same whatever the number of rows. The weak ETag is derived
/// from what decides the content (the dataset, the filter, the format and the read's content
/// version, <see cref="DatasetRead.ContentVersion"/>), so it is known before any row is read and a
/// matching <c>If-None-Match</c> costs one small read and gets <c>304 Not Modified</c>.
/// </summary>
/// <remarks>
/// Bodies are written once per content version and kept in the <see cref="BodyStore"/> (memory, local
/// disk, blob); later reads of the same version are static bytes. A versioned set is kept month by month
/// (<see cref="MonthPartsBody"/>), so a month recomputed costs the next read that month only.
/// </remarks>
public sealed class DatasetResult(DatasetDefinition dataset, DatasetRead read, DatasetFilter filter, string format, BodyStore bodies) : IActionResult
{
    /// <summary>Changes when the way rows are written changes, so caches do not keep bytes of an older writer.</summary>
    private const string WriterVersion = "2";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;

        var etag = ETagFor(dataset, filter, format, read.ContentVersion);
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "private, no-cache";
        if (Matches(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var contentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.ContentType = contentType;
        if (format == "csv")
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{dataset.Name}.csv\"";
        }

        var rows = new DatasetRowWriter(dataset, format);
        if (read.Parts is { } parts)
        {
            // One digest per request, not two per part: a part is named by the filter's and its month, tagged by what the month serves.
            var stem = BodyStore.NameFor(dataset.Name, string.Join('\n', "month", filter.IndicatorCode, filter.Tier), format)[..^(format.Length + 1)];
            var months = parts.Select(p => new MonthPartsBody.Part($"{stem}-{p.Month}.{format}", $"{WriterVersion}/{p.ContentVersion}", p.Rows)).ToList();
            await new MonthPartsBody(bodies, rows, contentType).WriteAsync(months, $"{stem}-", response, cancellationToken).ConfigureAwait(false);
            return;
        }

        var name = BodyStore.NameFor(dataset.Name, string.Join('\n', filter.Period?.ToString(), filter.IndicatorCode, filter.Tier), format);
        var body = await bodies.GetOrBuildAsync(name, etag.Tag.ToString(), async () =>
        {
            using var bytes = new MemoryStream();
            var count = await WriteWholeAsync(rows, bytes, CancellationToken.None).ConfigureAwait(false);
            return new BuiltBody(bytes.ToArray(), contentType, count == 0);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        response.ContentLength = body.Bytes.Length;
        await response.Body.WriteAsync(body.Bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> WriteWholeAsync(DatasetRowWriter rows, Stream body, CancellationToken cancellationToken)
    {
        await body.WriteAsync(rows.Prefix, cancellationToken).ConfigureAwait(false);
        var count = await rows.WriteAsync(read.Rows, body, null, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(rows.Suffix, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The weak ETag of a read: a digest of everything that decides its bytes, none of them the bytes.</summary>
    public static EntityTagHeaderValue ETagFor(DatasetDefinition dataset, DatasetFilter filter, string format, string contentVersion)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(contentVersion);
        var text = string.Join('\n', WriterVersion, dataset.Name, format, filter.Period?.ToString(), filter.IndicatorCode, filter.Tier, contentVersion);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 18);
        return new EntityTagHeaderValue($"\"{Convert.ToBase64String(digest).Replace('+', '-').Replace('/', '_')}\"", isWeak: true);
    }

    // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, EntityTagHeaderValue etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }
}
