namespace BacNinh.Core.Ingestion.Files;

/// <summary>
/// How much an upload may weigh and hold (contract §8). Each breach is a file problem
/// (<c>FILE_TOO_LARGE</c>) naming the limit; together they bound the memory and time one file can take.
/// </summary>
public sealed record UploadLimits
{
    /// <summary>Largest file accepted, in bytes (default 50 MiB).</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest total of an xlsx package's parts once decompressed, declared and actual (default 200 MiB).</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>Largest single part of an xlsx package once decompressed (default 100 MiB; 200,000 rows are about 30 MiB).</summary>
    public long MaxPartBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Highest ratio of decompressed to compressed size, of each large part and of the package (default 200; sheet XML is usually 5–30).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Most entries in an xlsx package (default 1,000; a workbook has a few dozen).</summary>
    public int MaxZipEntries { get; init; } = 1_000;

    /// <summary>Most columns of a sheet (default 16,384: Excel's own, XFD).</summary>
    public int MaxColumns { get; init; } = 16_384;

    /// <summary>Most rows of a sheet (default 1,048,576: Excel's own).</summary>
    public int MaxRows { get; init; } = 1_048_576;

    /// <summary>Longest text of one cell, in characters (default 32,767: Excel's own).</summary>
    public int MaxCellCharacters { get; init; } = 32_767;

    /// <summary>Most text one row may hold before the table's columns are known, in characters (default 1,048,576).</summary>
    public int MaxRowCharacters { get; init; } = 1_048_576;

    /// <summary>Most entries of an xlsx shared-string table (default 1,048,576).</summary>
    public int MaxSharedStrings { get; init; } = 1_048_576;

    /// <summary>Most characters of all shared strings together (default 16,777,216, 32 MiB of text).</summary>
    public long MaxSharedStringCharacters { get; init; } = 16L * 1024 * 1024;

    /// <summary>Largest styles part once decompressed, in bytes (default 16 MiB).</summary>
    public long MaxStylesBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most cell formats and number formats of a styles part (default 65,536; Excel allows about 64,000).</summary>
    public int MaxCellFormats { get; init; } = 65_536;

    /// <summary>Most problems listed in a report; the rest are counted (default 1,000).</summary>
    public int MaxProblems { get; init; } = 1_000;

    /// <summary>Longest time reading and validating one file may take (default 5 minutes).</summary>
    public TimeSpan MaxReadTime { get; init; } = TimeSpan.FromMinutes(5);

    public static UploadLimits Default { get; } = new();
}
