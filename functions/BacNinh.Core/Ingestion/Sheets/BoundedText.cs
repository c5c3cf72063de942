using System.Text;
using System.Xml;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Appends an XML text node to a builder in chunks, never past a limit: a cell made of many
/// CDATA sections costs linear time, and a huge text node is never materialised as one string.
/// </summary>
internal static class BoundedText
{
    [ThreadStatic]
    private static char[]? ChunkBuffer;

    /// <summary>Appends the current text node; false (the builder left at most <paramref name="limit"/> long) when it would exceed the limit.</summary>
    public static bool TryAppend(XmlReader xml, StringBuilder builder, int limit)
    {
        if (!xml.CanReadValueChunk)
        {
            var value = xml.Value;
            if (builder.Length + value.Length > limit)
            {
                return false;
            }

            builder.Append(value);
            return true;
        }

        var chunk = ChunkBuffer ??= new char[4096];
        int read;
        while ((read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
        {
            if (builder.Length + read > limit)
            {
                return false;
            }

            builder.Append(chunk, 0, read);
        }

        return true;
    }
}
