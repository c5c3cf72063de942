using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Datasets;
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
/// With <see cref="RenderedDatasets"/>, the body of each content version is written from the table
/// once and kept in a blob; later reads of the same version are static bytes: this process's local
/// copy of the blob sent as a file, or the blob copied to the response.
/// </remarks>
public sealed class DatasetResult(DatasetDefinition dataset, DatasetRead read, DatasetFilter filter, string format, RenderedDatasets? bodies = null) : IActionResult
{
    /// <summary>Bytes gathered before they are handed to the connection.</summary>
    private const int FlushBytes = 32 * 1024;

    /// <summary>Changes when the way rows are written changes, so caches do not keep bytes of an older writer.</summary>
    private const string WriterVersion = "2";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private long _rows;

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

        if (bodies is null)
        {
            await WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
            return;
        }

        var blobName = RenderedDatasets.BlobName(dataset.Name, string.Join('\n', filter.Period?.ToString(), filter.IndicatorCode, filter.Tier), format);
        if (await bodies.TryServeAsync(blobName, etag.Tag.ToString(), response, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await using var writer = await bodies.CreateAsync(blobName, etag.Tag.ToString(), contentType, response.Body, cancellationToken).ConfigureAwait(false);
        await WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        if (_rows == 0)
        {
            // Nothing to keep: an empty body (a month not computed, an indicator no one reports) costs the table nothing to read.
            return;
        }

        try
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            // The client has its body; the next read writes the blob again.
        }
    }

    private Task WriteAsync(Stream body, CancellationToken cancellationToken) =>
        format == "csv" ? WriteCsvAsync(body, cancellationToken) : WriteJsonAsync(body, cancellationToken);

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

    private async Task WriteJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartArray();
        await foreach (var row in read.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            _rows++;
            json.WriteStartObject();
            foreach (var field in dataset.Fields)
            {
                json.WritePropertyName(field.Name);
                switch (row[field.Name])
                {
                    case null: json.WriteNullValue(); break;
                    case decimal m: json.WriteNumberValue(m); break;
                    case int i: json.WriteNumberValue(i); break;
                    case long l: json.WriteNumberValue(l); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                    case DateTimeOffset t: json.WriteStringValue(t); break;
                    case var other: json.WriteStringValue(other.ToString()); break;
                }
            }

            json.WriteEndObject();
            if (json.BytesPending >= FlushBytes)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(FlushBytes + 4096);
        var bytes = new byte[Utf8.GetMaxByteCount(FlushBytes + 4096)];
        text.Append('\uFEFF');
        AppendLine(text, dataset.Fields.Select(f => f.Name));
        await foreach (var row in read.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            _rows++;
            for (var i = 0; i < dataset.Fields.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(CsvCell.Escape(CsvCell.Format(row[dataset.Fields[i].Name])));
            }

            text.Append("\r\n");
            if (text.Length >= FlushBytes)
            {
                await FlushAsync(text, bytes, body, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(text, bytes, body, cancellationToken).ConfigureAwait(false);
    }

    private static void AppendLine(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(CsvCell.Escape));
        text.Append("\r\n");
    }

    private static async Task FlushAsync(StringBuilder text, byte[] bytes, Stream body, CancellationToken cancellationToken)
    {
        foreach (var chunk in text.GetChunks())
        {
            for (var start = 0; start < chunk.Length; start += FlushBytes)
            {
                var part = chunk.Slice(start, Math.Min(FlushBytes, chunk.Length - start));
                var count = Utf8.GetBytes(part.Span, bytes);
                await body.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
        }

        text.Clear();
    }
}
