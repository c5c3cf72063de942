using System.Buffers.Binary;

namespace BacNinh.Core.Ingestion.Files;

/// <summary>
/// Reads a zip's entry count from its end-of-central-directory record (and the Zip64 record
/// when the count overflows 16 bits) without reading the directory itself.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const uint Zip64EndSignature = 0x06064B50;
    private const int EndLength = 22;

    /// <summary>The entry count, or null when the file has no end record. Leaves the position changed.</summary>
    public static long? EntryCount(Stream content)
    {
        // The end record sits in the last 22 bytes plus a comment of at most 65,535.
        var tail = (int)Math.Min(content.Length, EndLength + ushort.MaxValue);
        var buffer = new byte[tail];
        content.Position = content.Length - tail;
        content.ReadExactly(buffer);
        for (var at = tail - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
            if (count == ushort.MaxValue && Zip64Count(content, content.Length - tail + at) is { } zip64)
            {
                count = zip64;
            }

            return count;
        }

        return null;
    }

    private static long? Zip64Count(Stream content, long endOffset)
    {
        Span<byte> locator = stackalloc byte[20];
        if (endOffset < locator.Length)
        {
            return null;
        }

        content.Position = endOffset - locator.Length;
        content.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        Span<byte> record = stackalloc byte[56];
        if (recordOffset < 0 || recordOffset + record.Length > content.Length)
        {
            return null;
        }

        content.Position = recordOffset;
        content.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(record[32..]);
        return count < 0 ? long.MaxValue : count;
    }
}
