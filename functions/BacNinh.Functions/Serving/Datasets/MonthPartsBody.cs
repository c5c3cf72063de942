using Microsoft.AspNetCore.Http;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// A body put together from month parts, each kept in its own blob under the ETag of the month's
/// content: a part already kept is sent as static bytes, any other is written from the table while
/// it is kept. A month recomputed therefore costs the next read of the whole set that month's rows
/// only. When every part is known before the first byte, the response carries its length.
/// </summary>
public sealed class MonthPartsBody(RenderedDatasets bodies, DatasetRowWriter rows, string contentType)
{
    /// <summary>Parts looked up in storage at once, before the first byte is written.</summary>
    private const int LookupsInFlight = 8;

    /// <summary>One month of the body: where it is kept, the ETag of its content, and its rows for when it is not.</summary>
    public sealed record Part(string BlobName, string ETag, IAsyncEnumerable<DatasetRow> Rows);

    public async Task WriteAsync(IReadOnlyList<Part> parts, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(response);
        var kept = await FindAsync(parts, cancellationToken).ConfigureAwait(false);
        if (kept.All(k => k.Empty || k.Body is not null))
        {
            // Separators go between the parts that are not empty.
            var nonEmpty = kept.Count(k => k.Body is { Length: > 0 });
            response.ContentLength = rows.Prefix.Length + rows.Suffix.Length + kept.Sum(k => k.Body?.Length ?? 0) + (Math.Max(0, nonEmpty - 1) * rows.Separator.Length);
        }

        var body = response.Body;
        await body.WriteAsync(rows.Prefix, cancellationToken).ConfigureAwait(false);
        var written = false;
        for (var i = 0; i < parts.Count; i++)
        {
            var (keptBody, empty) = kept[i];
            if (empty || keptBody is { Length: 0 })
            {
                continue;
            }

            if (keptBody is null)
            {
                written = await WritePartAsync(parts[i], response, separatorFirst: written, cancellationToken).ConfigureAwait(false) || written;
                continue;
            }

            if (written)
            {
                await body.WriteAsync(rows.Separator, cancellationToken).ConfigureAwait(false);
            }

            written = true;
            if (!await bodies.ServeAsync(keptBody, response, cancellationToken).ConfigureAwait(false))
            {
                // Its blob was replaced before a byte of it was sent: written from the table, the same bytes.
                await WritePartAsync(parts[i], response, separatorFirst: false, cancellationToken).ConfigureAwait(false);
            }
        }

        await body.WriteAsync(rows.Suffix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a part from its rows while keeping it; true when it had rows.</summary>
    private async Task<bool> WritePartAsync(Part part, HttpResponse response, bool separatorFirst, CancellationToken cancellationToken)
    {
        await using var writer = await bodies.CreateAsync(part.BlobName, part.ETag, contentType, response.Body, cancellationToken).ConfigureAwait(false);
        var count = await rows.WriteAsync(part.Rows, writer, separatorFirst ? () => response.Body.WriteAsync(rows.Separator, cancellationToken) : null, cancellationToken)
            .ConfigureAwait(false);
        if (count == 0)
        {
            bodies.RememberEmpty(part.BlobName, part.ETag);
            return false;
        }

        try
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            // The client has its body; the next read writes the part again.
        }

        return true;
    }

    /// <summary>Each part's kept body, or that it is known to be empty, or neither: a few lookups at a time.</summary>
    private async Task<List<(KeptBody? Body, bool Empty)>> FindAsync(IReadOnlyList<Part> parts, CancellationToken cancellationToken)
    {
        var found = new (KeptBody? Body, bool Empty)[parts.Count];
        await Parallel.ForAsync(0, parts.Count, new ParallelOptions { MaxDegreeOfParallelism = LookupsInFlight, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var part = parts[i];
            found[i] = bodies.IsKnownEmpty(part.BlobName, part.ETag)
                ? (null, true)
                : (await bodies.FindAsync(part.BlobName, part.ETag, token).ConfigureAwait(false), false);
        }).ConfigureAwait(false);
        return [.. found];
    }
}
