using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.AspNetCore.Http;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// Dataset bodies as they were last written, one blob per dataset, filter and format (for a versioned
/// set, per month: <see cref="MonthPartsBody"/>; for the OData feed, per page: <see cref="OData.KeptPages"/>),
/// tagged with the ETag of their content: a read whose ETag matches is served from the blob (static
/// bytes) instead of from the table. A body is committed only once written whole, so a blob never
/// holds part of one; a body of a newer computation replaces the older one.
/// </summary>
public sealed class RenderedDatasets(BlobContainerClient container)
{
    public const string ContainerName = Storage.StorageNames.DatasetBodiesContainer;

    private const string ETagMetadata = "contentetag";

    /// <summary>Bytes staged per block: the memory one write holds, whatever the body's length.</summary>
    private const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>Containers this process has made sure of (one per storage account).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, bool> ReadyContainers = new();

    public static string BlobName(string dataset, string key, string format) =>
        $"{dataset}/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}.{format}";

    /// <summary>
    /// Bodies found or written by this process, by blob and content ETag: with a local copy of that
    /// blob version, the body is sent without asking storage anything. Cleared when it grows past
    /// <see cref="MaxKnown"/>; then bodies are looked up again.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Uri Blob, string ETag), KeptBody> Known = new();

    /// <summary>Bodies of a content version known to have no rows (never kept as blobs: a filter naming nothing must not fill storage).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Uri Blob, string ETag), bool> KnownEmpty = new();

    private const int MaxKnown = 100_000;

    /// <summary>
    /// Serves the stored body if it is the one of <paramref name="etag"/>, with its length: from this
    /// process's copy of that blob version when it has one (sent as a file), otherwise copied from the
    /// blob while the copy is made. False when there is no such body (nothing is written to the response then).
    /// </summary>
    public async Task<bool> TryServeAsync(string blobName, string etag, HttpResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (await FindAsync(blobName, etag, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return false;
        }

        response.ContentLength = body.Length;
        return await ServeAsync(body, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The body kept for <paramref name="etag"/>, or null; asks storage only when this process has no copy of it.</summary>
    public async Task<KeptBody?> FindAsync(string blobName, string etag, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlobClient(blobName);
        if (Known.TryGetValue((blob.Uri, etag), out var known) && LocalBodies.Find(blob.Uri, known.BlobETag) is not null)
        {
            return known;
        }

        BlobProperties properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Missing, or not readable here: the body is written from the table.
            return null;
        }

        if (!properties.Metadata.TryGetValue(ETagMetadata, out var stored) || stored != etag)
        {
            return null;
        }

        return Remember(etag, new KeptBody(blob, properties.ETag, properties.ContentLength, properties.ContentType));
    }

    /// <summary>True when a body of <paramref name="etag"/> was written by this process and had no rows.</summary>
    public bool IsKnownEmpty(string blobName, string etag) => KnownEmpty.ContainsKey((container.GetBlobClient(blobName).Uri, etag));

    /// <summary>Remembers that the body of <paramref name="etag"/> has no rows, so it is not read again.</summary>
    public void RememberEmpty(string blobName, string etag)
    {
        if (KnownEmpty.Count >= MaxKnown)
        {
            KnownEmpty.Clear();
        }

        KnownEmpty[(container.GetBlobClient(blobName).Uri, etag)] = true;
    }

    /// <summary>
    /// Writes a kept body to the response (its length already set, or the response chunked): the
    /// local copy of its blob version sent as a file, or the blob copied while the copy is made.
    /// False when the blob was replaced or removed before anything was written.
    /// </summary>
    public async Task<bool> ServeAsync(KeptBody body, HttpResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(response);
        var copy = LocalBodies.Find(body.Blob.Uri, body.BlobETag);
        if (copy is not null)
        {
            try
            {
                await response.SendFileAsync(copy, 0, body.Length, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Replaced by a newer copy meanwhile (nothing of it was sent): the blob is read.
            }
        }

        BlobDownloadStreamingResult download;
        try
        {
            download = await body.Blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = body.BlobETag } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Replaced since its properties were read: the body is written from the table.
            return false;
        }

        using (download)
        {
            await using var local = LocalBodies.Create(body.Blob.Uri, body.BlobETag, download.Details.ContentLength);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBytes);
            try
            {
                int read;
                while ((read = await download.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    await local.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            local.Keep();
        }

        return true;
    }

    private static KeptBody Remember(string etag, KeptBody body)
    {
        if (Known.Count >= MaxKnown)
        {
            Known.Clear();
        }

        Known[(body.Blob.Uri, etag)] = body;
        return body;
    }

    /// <summary>Bytes copied at a time from a blob to the response.</summary>
    private const int CopyBytes = 1024 * 1024;

    /// <summary>A stream that writes to <paramref name="response"/> and keeps the same bytes for the blob; <see cref="Writer.CommitAsync"/> stores them.</summary>
    public async Task<Writer> CreateAsync(string blobName, string etag, string contentType, Stream response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (!ReadyContainers.ContainsKey(container.Uri))
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                ReadyContainers[container.Uri] = true;
            }
            catch (RequestFailedException)
            {
                // Keeping bodies is an optimisation: without the container the body is only served.
                return new Writer(null, etag, contentType, response);
            }
        }

        var blob = container.GetBlockBlobClient(blobName);
        return new Writer(blob, etag, contentType, response, LocalBodies.Create(blob.Uri, null, null), container.GetBlobClient(blobName));
    }

    /// <summary>
    /// Writes through to the response and stages the bytes as blocks of the blob. A failure to keep
    /// the body never fails the response: staging stops and nothing is committed.
    /// </summary>
    public sealed class Writer(BlockBlobClient? blob, string etag, string contentType, Stream response, LocalBodies.Copy? local = null, BlobClient? reader = null) : Stream
    {
        private BlockBlobClient? _blob = blob;
        private long _length;
        private readonly string _writer = Guid.NewGuid().ToString("N");
        private readonly List<string> _blocks = [];
        private byte[] _buffer = new byte[BlockBytes];
        private int _filled;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await response.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _length += buffer.Length;
            if (_blob is not null && local is not null)
            {
                await local.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            while (_blob is not null && buffer.Length > 0)
            {
                var take = Math.Min(buffer.Length, _buffer.Length - _filled);
                buffer.Span[..take].CopyTo(_buffer.AsSpan(_filled));
                _filled += take;
                buffer = buffer[take..];
                if (_filled == _buffer.Length)
                {
                    await StageAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => response.FlushAsync(cancellationToken);

        /// <summary>Stores the body written, tagged with its ETag; only called once the body is whole.</summary>
        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await StageAsync(cancellationToken).ConfigureAwait(false);
            if (_blob is null)
            {
                return;
            }

            var committed = await _blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions
            {
                Metadata = new Dictionary<string, string> { [ETagMetadata] = etag },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            }, cancellationToken).ConfigureAwait(false);
            local?.Keep(committed.Value.ETag);
            if (reader is not null)
            {
                Remember(etag, new KeptBody(reader, committed.Value.ETag, _length, contentType));
            }
        }

        public override void Flush() => throw new NotSupportedException("Write asynchronously.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");

        private async Task StageAsync(CancellationToken cancellationToken)
        {
            if (_filled == 0 || _blob is null)
            {
                return;
            }

            // Ids of one length, unique to this writer: two writers of the same blob never mix blocks.
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_writer}{_blocks.Count:D6}"));
            using var content = new MemoryStream(_buffer, 0, _filled, writable: false);
            try
            {
                await _blob.StageBlockAsync(id, content, cancellationToken: cancellationToken).ConfigureAwait(false);
                _blocks.Add(id);
            }
            catch (RequestFailedException)
            {
                _blob = null;
            }

            _filled = 0;
        }

        protected override void Dispose(bool disposing)
        {
            _buffer = [];
            if (disposing)
            {
                local?.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }

            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
