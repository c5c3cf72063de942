using System.Buffers;

namespace BacNinh.Storage.Datasets;

/// <summary>Where <see cref="TablePageCapture"/> leaves the last page of JSON of a query sent inside its scope.</summary>
public sealed class TablePageSink
{
    private BinaryData? _page;

    /// <summary>The pooled buffer holding the page last kept, until <see cref="Release"/>.</summary>
    private byte[]? _buffer;

    /// <summary>The page captured since the last call; throws if the query's response was not captured.</summary>
    public BinaryData Take()
    {
        var page = _page ?? throw new InvalidOperationException("The table query's page was not captured: the table client lacks the capture policy.");
        _page = null;
        return page;
    }

    /// <summary>Gives the page's buffer back to the pool: the page taken last must no longer be read.</summary>
    public void Release()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal void Keep(byte[] buffer, int length)
    {
        Release();
        _buffer = buffer;
        _page = new BinaryData(buffer.AsMemory(0, length));
    }
}
