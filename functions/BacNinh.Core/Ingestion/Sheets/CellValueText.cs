using System.Xml;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// A cell's <c>v</c> text in a buffer reused from cell to cell, read in chunks within a limit:
/// the reader parses numbers and shared-string indexes from it without allocating a string per cell.
/// </summary>
internal sealed class CellValueText
{
    private char[] _buffer = new char[64];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Appends the current text node; false when the text would exceed <paramref name="limit"/>.</summary>
    public bool TryAppend(XmlReader xml, int limit)
    {
        if (!xml.CanReadValueChunk)
        {
            var value = xml.Value;
            if (Length + value.Length > limit)
            {
                return false;
            }

            Reserve(value.Length);
            value.CopyTo(_buffer.AsSpan(Length));
            Length += value.Length;
            return true;
        }

        while (true)
        {
            Reserve(256);
            var read = xml.ReadValueChunk(_buffer, Length, Math.Min(_buffer.Length - Length, limit + 1 - Length));
            if (read == 0)
            {
                return true;
            }

            Length += read;
            if (Length > limit)
            {
                return false;
            }
        }
    }

    private void Reserve(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}
