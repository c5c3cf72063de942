using System.IO.Compression;
using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Ingestion.Sheets;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Opens an upload that may be a dossier export: <c>.xlsx</c>, <c>.csv</c> or gzip-compressed
/// <c>.csv.gz</c>, inspected as any upload and read within the raised limits. A compressed CSV is
/// inflated as it is read, stopped at the uncompressed limit.
/// </summary>
public static class DossierFiles
{
    /// <summary>Whether a file of this name may be an export.</summary>
    public static bool MayBeExport(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return IsCompressedCsv(fileName)
            || fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A reader over the file, or the file problem that rejects it.</summary>
    public static (SpreadsheetReader? Reader, UploadProblem? Problem) Open(Stream content, string fileName, UploadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(limits);
        var sheetName = Path.GetFileNameWithoutExtension(fileName);
        if (IsCompressedCsv(fileName))
        {
            if (content.Length > limits.MaxFileBytes)
            {
                return (null, UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                    $"Tệp {ReadFailures.Number(content.Length)} byte vượt giới hạn {ReadFailures.Number(limits.MaxFileBytes)} byte."));
            }

            Span<byte> magic = stackalloc byte[2];
            content.Position = 0;
            var read = content.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            content.Position = 0;
            if (read < 2 || magic[0] != 0x1F || magic[1] != 0x8B)
            {
                return (null, UploadProblem.ForFile(ProblemCodes.CorruptFile, $"Tệp '{Path.GetFileName(fileName)}' không phải là tệp nén gzip hợp lệ."));
            }

            var inflated = new BoundedStream(new GZipStream(content, CompressionMode.Decompress, leaveOpen: true), limits.MaxUncompressedBytes,
                exceeded: limit => ReadFailures.TooLargeInflated(limit));
            return (new CsvSpreadsheetReader(inflated, Path.GetFileNameWithoutExtension(sheetName), limits), null);
        }

        var (kind, problem) = FileInspector.Inspect(content, fileName, limits);
        return kind switch
        {
            _ when problem is not null => (null, problem),
            FileKind.Csv => (new CsvSpreadsheetReader(content, sheetName, limits), null),
            FileKind.Xlsx => (new XlsxSpreadsheetReader(content, limits), null),
            _ => (null, UploadProblem.ForFile(ProblemCodes.UnsupportedFormat, "Tệp kết xuất hồ sơ phải là .xlsx, .csv hoặc .csv.gz.")),
        };
    }

    private static bool IsCompressedCsv(string fileName) => fileName.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);
}
