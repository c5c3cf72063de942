using System.Security.Cryptography;
using System.Text;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// Pages of the feed already built, by key (their URL and the computations they serve, so a kept
/// page never goes stale): small ones in memory, larger ones as blobs beside the dataset bodies,
/// each process sending its local copy as a file. A thousand-row page of Observations is ~450 KB,
/// so the pages of 10⁶ rows would not fit in memory.
/// </summary>
public sealed class KeptPages(StorageAccount account, IOptions<ODataFeedOptions> options) : IDisposable
{
    /// <summary>Where pages too large for memory are kept: in the dataset bodies' container, under their own prefix.</summary>
    public const string BlobPrefix = "odata-pages";

    /// <summary>Largest page kept; larger pages (a wide $top of a wide set) are built on each request.</summary>
    private const int MaxKeptPageBytes = 8 * 1024 * 1024;

    /// <summary>How long an unused page stays in memory.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    private readonly RenderedDatasets _blobs = new(account.Blobs.GetBlobContainerClient(RenderedDatasets.ContainerName));

    /// <summary>Pages kept in memory, within 256 MiB.</summary>
    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });

    /// <summary>
    /// Writes the page kept under <paramref name="key"/>: from memory, its bytes and headers as they were
    /// kept, or from its blob. False when there is none (nothing written then).
    /// </summary>
    public async Task<bool> TryWriteAsync(HttpResponse response, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_memory.TryGetValue(key, out CachedPage? cached) && cached is not null)
        {
            response.StatusCode = StatusCodes.Status200OK;
            foreach (var (name, value) in cached.Headers)
            {
                response.Headers[name] = value;
            }

            response.ContentLength = cached.Body.Length;
            await response.Body.WriteAsync(cached.Body, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var (blobName, tag) = BlobFor(key);
        if (await _blobs.FindAsync(blobName, tag, cancellationToken).ConfigureAwait(false) is not { } kept)
        {
            return false;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = kept.ContentType;
        response.Headers["OData-Version"] = "4.0";
        response.ContentLength = kept.Length;
        return await _blobs.ServeAsync(kept, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps a page just written to <paramref name="response"/>: in memory up to
    /// <see cref="ODataFeedOptions.MemoryPageKilobytes"/>, otherwise as a blob once the response is
    /// complete (the client does not wait for it, and its leaving does not cancel it). A failure to keep
    /// only means the page is built again.
    /// </summary>
    public async Task KeepAsync(string key, KeyValuePair<string, string>[] headers, MemoryStream body, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(response);
        if (body.Length <= options.Value.MemoryPageKilobytes * 1024L)
        {
            var bytes = body.ToArray();
            _memory.Set(key, new CachedPage(headers, bytes), new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = CacheFor });
            return;
        }

        if (body.Length > MaxKeptPageBytes)
        {
            return;
        }

        await response.CompleteAsync().ConfigureAwait(false);
        var (blobName, tag) = BlobFor(key);
        try
        {
            await using var writer = await _blobs.CreateAsync(blobName, tag, response.ContentType ?? "application/json", Stream.Null, CancellationToken.None).ConfigureAwait(false);
            await writer.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), CancellationToken.None).ConfigureAwait(false);
            await writer.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            // Not kept: the next read builds it again.
        }
    }

    public void Dispose() => _memory.Dispose();

    /// <summary>A kept page's blob and content tag, both from its key.</summary>
    private static (string BlobName, string Tag) BlobFor(string key) =>
        (RenderedDatasets.BlobName(BlobPrefix, key, "json"), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))));

    /// <summary>A page's bytes and the headers written with them (OData-Version included).</summary>
    private sealed record CachedPage(KeyValuePair<string, string>[] Headers, byte[] Body);
}
