namespace BacNinh.Storage.Uploads;

/// <summary>
/// A forward-only view of a request body that fails as soon as more than <see cref="Limit"/> bytes
/// have been read, so an oversized upload is stopped while it streams, never buffered whole.
/// </summary>
public sealed class SizeLimitedStream(Stream inner, long limit) : Stream
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

    private int Count(int read)
    {
        _read += read;
        return _read > Limit ? throw new UploadTooLargeException(Limit) : read;
    }
}

/// <summary>An upload's body went past the size limit; nothing was committed.</summary>
public sealed class UploadTooLargeException(long limit) : IOException($"The upload is larger than {limit:N0} bytes.")
{
    public long Limit { get; } = limit;
}
