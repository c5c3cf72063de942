namespace BacNinh.Core.Ingestion.Files;

/// <summary>
/// A forward-only, read-only view of a stream that fails as soon as more than <see cref="Limit"/>
/// bytes come out of it (or the package's <see cref="InflateBudget"/> is spent): a package whose
/// directory lies about its sizes cannot inflate without end, and an upload body is stopped while
/// it streams, never buffered whole. <paramref name="exceeded"/> makes the exception (default
/// <see cref="DecompressionLimitException"/>).
/// </summary>
public sealed class BoundedStream(Stream inner, long limit, InflateBudget? budget = null, Func<long, Exception>? exceeded = null) : Stream
{
    private long _read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        budget?.Spend(read);
        if (_read > Limit)
        {
            throw exceeded?.Invoke(Limit) ?? new DecompressionLimitException(Limit);
        }

        return read;
    }
}

/// <summary>A package part, or the parts together, decompressed to more than the limit allows.</summary>
public sealed class DecompressionLimitException(long limit, bool wholePackage = false)
    : IOException(wholePackage ? $"The package decompresses to more than {limit:N0} bytes." : $"A part of the package decompresses to more than {limit:N0} bytes.")
{
    public long Limit { get; } = limit;

    /// <summary>True when the parts together broke the package's budget, false when one part broke its own cap.</summary>
    public bool WholePackage { get; } = wholePackage;
}
