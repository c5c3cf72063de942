using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BacNinh.Core.Ingestion.Files;

/// <summary>
/// Looks at an upload before any reader touches it: its real format (zip, OLE compound file or
/// text), a zip's central directory (entry count, declared decompressed sizes of each part and
/// of all, ratio of each large part and of all: zip bombs), and
/// password protection (an encrypted Office file is an OLE compound file holding
/// <c>EncryptedPackage</c>). Reads only headers and directories, never decompresses.
/// </summary>
public static class FileInspector
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The file's kind, or a file problem that rejects it. Leaves the stream at position 0.</summary>
    public static (FileKind? Kind, UploadProblem? Problem) Inspect(Stream content, string fileName, UploadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        if (extension is not (".XLSX" or ".XLS" or ".CSV"))
        {
            return (null, UploadProblem.ForFile(ProblemCodes.UnsupportedFormat,
                $"Định dạng '{Path.GetExtension(fileName)}' không được hỗ trợ; hãy dùng .xlsx, .xls hoặc .csv."));
        }

        if (content.Length > limits.MaxFileBytes)
        {
            return (null, UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                $"Tệp {Number(content.Length)} byte vượt giới hạn {Number(limits.MaxFileBytes)} byte."));
        }

        Span<byte> head = stackalloc byte[8];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        head = head[..read];

        if (head.StartsWith(ZipSignature))
        {
            return (FileKind.Xlsx, CheckZip(content, limits));
        }

        if (head.StartsWith(OleSignature))
        {
            if (IsEncryptedPackage(content))
            {
                return (null, Encrypted());
            }

            return (FileKind.Xls, null);
        }

        if (extension == ".CSV")
        {
            return (FileKind.Csv, null);
        }

        return (null, UploadProblem.ForFile(ProblemCodes.CorruptFile,
            $"Tệp '{Path.GetFileName(fileName)}' không phải là bảng tính Excel hợp lệ (tệp hỏng hoặc đổi đuôi)."));
    }

    public static UploadProblem Encrypted() => UploadProblem.ForFile(ProblemCodes.CorruptFile,
        "Tệp được đặt mật khẩu (mã hóa) nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại.");

    /// <summary>Package metadata ([Content_Types].xml, relationships) is parsed whole by the packaging library; a workbook's is a few KiB.</summary>
    private const long MaxMetadataBytes = 4L * 1024 * 1024;

    /// <summary>Below this a part's ratio says nothing: a tiny part of repeated XML compresses very well.</summary>
    private const long RatioFloorBytes = 1024 * 1024;

    private static UploadProblem? CheckZip(Stream content, UploadLimits limits)
    {
        try
        {
            // The directory's own count first: ZipArchive builds an object per entry.
            if (ZipDirectory.EntryCount(content) is not { } count)
            {
                return UploadProblem.ForFile(ProblemCodes.CorruptFile, "Tệp .xlsx bị hỏng (không tìm thấy danh mục của tệp nén).");
            }

            if (count > limits.MaxZipEntries)
            {
                return UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                    $"Tệp bị từ chối vì có {Number(count)} phần, vượt giới hạn {Number(limits.MaxZipEntries)} phần của một tệp .xlsx.");
            }

            // ZipArchive in Read mode reads only the central directory here; nothing is inflated.
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            long uncompressed = 0, compressed = 0;
            foreach (var entry in zip.Entries)
            {
                uncompressed += entry.Length;
                compressed += entry.CompressedLength;
                if (entry.Length > limits.MaxPartBytes)
                {
                    return Bomb($"phần '{entry.FullName}' khi giải nén ({Number(entry.Length)} byte) vượt giới hạn {Number(limits.MaxPartBytes)} byte của một phần");
                }

                if (uncompressed > limits.MaxUncompressedBytes)
                {
                    return Bomb($"dung lượng sau giải nén ({Number(uncompressed)} byte) vượt giới hạn {Number(limits.MaxUncompressedBytes)} byte");
                }

                if (IsMetadata(entry.FullName) && entry.Length > MaxMetadataBytes)
                {
                    return Bomb($"phần '{entry.FullName}' khi giải nén ({Number(entry.Length)} byte) vượt giới hạn {Number(MaxMetadataBytes)} byte");
                }

                // Each large part on its own: a stored (uncompressed) padding part must not lower a bomb's ratio.
                var partRatio = entry.Length / (double)Math.Max(entry.CompressedLength, 1);
                if (entry.Length > RatioFloorBytes && partRatio > limits.MaxCompressionRatio)
                {
                    return Bomb($"tỷ lệ nén của phần '{entry.FullName}' là {Number((long)partRatio)}:1, vượt giới hạn {Number((long)limits.MaxCompressionRatio)}:1");
                }
            }

            var ratio = uncompressed / (double)Math.Max(compressed, 1);
            if (uncompressed > RatioFloorBytes && ratio > limits.MaxCompressionRatio)
            {
                return Bomb($"tỷ lệ nén {Number((long)ratio)}:1 vượt giới hạn {Number((long)limits.MaxCompressionRatio)}:1");
            }

            return null;
        }
        catch (InvalidDataException ex)
        {
            return UploadProblem.ForFile(ProblemCodes.CorruptFile, $"Tệp .xlsx bị hỏng (không đọc được cấu trúc nén): {ex.Message}");
        }
        finally
        {
            content.Position = 0;
        }

        static UploadProblem Bomb(string why) => UploadProblem.ForFile(ProblemCodes.FileTooLarge,
            $"Tệp bị từ chối vì {why} (nghi ngờ 'zip bomb').");
    }

    private static bool IsMetadata(string name) =>
        name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static string Number(long value) => Sheets.ReadFailures.Number(value);

    /// <summary>Reads the compound file's directory and looks for the <c>EncryptedPackage</c> stream.</summary>
    private static bool IsEncryptedPackage(Stream content)
    {
        try
        {
            Span<byte> header = stackalloc byte[512];
            content.Position = 0;
            if (content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return false;
            }

            var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header[0x1E..]);
            if (sectorShift is < 7 or > 16)
            {
                return false;
            }

            var sectorSize = 1 << sectorShift;
            var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(header[0x30..]);
            var offset = (firstDirectorySector + 1L) * sectorSize;
            if (offset + sectorSize > content.Length)
            {
                return false;
            }

            var directory = new byte[sectorSize];
            content.Position = offset;
            content.ReadExactly(directory);
            for (var entry = 0; entry + 128 <= directory.Length; entry += 128)
            {
                var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(directory.AsSpan(entry + 0x40));
                if (nameBytes is < 2 or > 64)
                {
                    continue;
                }

                var name = Encoding.Unicode.GetString(directory, entry, nameBytes - 2);
                if (name is "EncryptedPackage" or "EncryptionInfo")
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
