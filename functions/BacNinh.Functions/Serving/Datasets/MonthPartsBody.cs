using BacNinh.Functions.Serving.Bodies;
using BacNinh.Storage.Datasets;
using Microsoft.AspNetCore.Http;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// A body put together from month parts, each kept in the <see cref="BodyStore"/> under the tag of the
/// month's content: a month recomputed costs the next read of the whole set that month's rows only.
/// A few parts are fetched or built ahead of the one being sent; when every part is in memory, the
/// response carries its length. When several are not, one listing of the parts kept as blobs says which
/// to fetch: the others are built without a round trip each to find them missing.
/// </summary>
public sealed class MonthPartsBody(BodyStore bodies, DatasetRowWriter rows, string contentType)
{
    /// <summary>Parts fetched or built at once, ahead of the one being sent.</summary>
    private const int Ahead = 8;

    /// <summary>One month of the body: its name in the store, the tag of its content, and its rows for when it is not kept.</summary>
    public sealed record Part(string Name, string Tag, IAsyncEnumerable<DatasetRow> Rows);

    /// <param name="prefix">What every part's name begins with.</param>
    public async Task WriteAsync(IReadOnlyList<Part> parts, string prefix, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(response);
        var kept = parts.Select(p => bodies.FindInMemory(p.Name, p.Tag)).ToArray();
        if (kept.All(k => k is not null))
        {
            // Separators go between the parts that are not empty.
            var nonEmpty = kept.Count(k => k!.Bytes.Length > 0);
            response.ContentLength = rows.Prefix.Length + rows.Suffix.Length + kept.Sum(k => (long)k!.Bytes.Length) + (Math.Max(0, nonEmpty - 1) * rows.Separator.Length);
        }

        var blobTags = kept.Count(k => k is null) > 1 ? await bodies.BlobTagsAsync(prefix, cancellationToken).ConfigureAwait(false) : null;
        var pending = new Task<KeptBody>?[parts.Count];
        var body = response.Body;
        await body.WriteAsync(rows.Prefix, cancellationToken).ConfigureAwait(false);
        var written = false;
        for (var i = 0; i < parts.Count; i++)
        {
            for (var j = i; j < Math.Min(parts.Count, i + Ahead); j++)
            {
                var next = parts[j];
                pending[j] ??= kept[j] is { } inMemory ? Task.FromResult(inMemory) : bodies.GetOrBuildAsync(next.Name, next.Tag, () => BuildAsync(next),
                    lookInBlobs: blobTags is null || (blobTags.TryGetValue(next.Name, out var tag) && tag == next.Tag), cancellationToken);
            }

            var part = await pending[i]!.ConfigureAwait(false);
            pending[i] = null;
            if (part.Bytes.Length == 0)
            {
                continue;
            }

            if (written)
            {
                await body.WriteAsync(rows.Separator, cancellationToken).ConfigureAwait(false);
            }

            written = true;
            await body.WriteAsync(part.Bytes, cancellationToken).ConfigureAwait(false);
        }

        await body.WriteAsync(rows.Suffix, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BuiltBody> BuildAsync(Part part)
    {
        using var bytes = new MemoryStream();
        var count = await rows.WriteAsync(part.Rows, bytes, null, CancellationToken.None).ConfigureAwait(false);
        return new BuiltBody(bytes.ToArray(), contentType, count == 0);
    }
}
