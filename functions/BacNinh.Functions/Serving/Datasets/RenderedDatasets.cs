using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// Dataset bodies as they were last written, one blob per dataset, filter and format, tagged with
/// the ETag of their content: a read whose ETag matches is served from the blob (static bytes)
/// instead of from the table. A body is committed only once written whole, so a blob never holds
/// part of one; a body of a newer computation replaces the older one.
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

    /// <summary>The stored body if it is the one of <paramref name="etag"/>; null otherwise (the caller disposes it).</summary>
    public async Task<BlobDownloadStreamingResult?> OpenAsync(string blobName, string etag, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (download.Value.Details.Metadata.TryGetValue(ETagMetadata, out var stored) && stored == etag)
            {
                return download.Value;
            }

            download.Value.Dispose();
            return null;
        }
        catch (RequestFailedException)
        {
            // Missing, or not readable here: the body is written from the table.
            return null;
        }
    }

    /// <summary>A stream that writes to <paramref name="response"/> and keeps the same bytes for the blob; <see cref="Writer.CommitAsync"/> stores them.</summary>
    public async Task<Writer> CreateAsync(string blobName, string etag, string contentType, Stream response, CancellationToken cancellationToken = default)
    {
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

        return new Writer(container.GetBlockBlobClient(blobName), etag, contentType, response);
    }

    /// <summary>
    /// Writes through to the response and stages the bytes as blocks of the blob. A failure to keep
    /// the body never fails the response: staging stops and nothing is committed.
    /// </summary>
    public sealed class Writer(BlockBlobClient? blob, string etag, string contentType, Stream response) : Stream
    {
        private BlockBlobClient? _blob = blob;
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

            await _blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions
            {
                Metadata = new Dictionary<string, string> { [ETagMetadata] = etag },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            }, cancellationToken).ConfigureAwait(false);
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
            base.Dispose(disposing);
        }
    }
}
