using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BacNinh.Functions.Datasets;

/// <summary>
/// Writes dataset rows as JSON (an array of objects) or CSV (UTF-8 with BOM, for Excel), with a
/// strong ETag: the SHA-256 of the exact bytes. The body is rendered before it is sent so a
/// matching <c>If-None-Match</c> gets <c>304 Not Modified</c> and nothing else.
/// </summary>
public sealed class DatasetResult(DatasetDefinition dataset, IAsyncEnumerable<DatasetRow> rows, string format) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;

        using var body = new MemoryStream();
        if (format == "csv")
        {
            await WriteCsvAsync(body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteJsonAsync(body, cancellationToken).ConfigureAwait(false);
        }

        var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length))).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "private, no-cache";
        if (Matches(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        if (format == "csv")
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{dataset.Name}.csv\"";
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
        }

        response.ContentLength = body.Length;
        body.Position = 0;
        await body.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
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
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
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
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', dataset.Fields.Select(f => CsvCell.Escape(f.Name)))).ConfigureAwait(false);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var cells = dataset.Fields.Select(f => CsvCell.Escape(CsvCell.Format(row[f.Name])));
            await writer.WriteLineAsync(string.Join(',', cells)).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
