using System.ComponentModel.DataAnnotations;
using BacNinh.Core.Ingestion.Files;

namespace BacNinh.Functions.Ingestion;

/// <summary>Limits on uploads, bound from the <c>IngestionOptions</c> section.</summary>
public sealed class IngestionOptions
{
    /// <summary>Largest file accepted, in bytes. Default 50 MiB: a province-wide workbook is a few MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest total size of an xlsx package once decompressed. Default 200 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Largest single part of an xlsx package once decompressed. Default 100 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPartBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Highest decompressed-to-compressed ratio of a large part or of the package (zip bombs). Default 200.</summary>
    [Range(2, 100_000)]
    public double MaxCompressionRatio { get; set; } = 200;

    /// <summary>Most entries in an xlsx package. Default 1,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxZipEntries { get; set; } = 1_000;

    /// <summary>Most columns of a sheet. Default 16,384 (Excel's own).</summary>
    [Range(1, 16_384)]
    public int MaxColumns { get; set; } = 16_384;

    /// <summary>Most rows of a sheet. Default 1,048,576 (Excel's own).</summary>
    [Range(1, 1_048_576)]
    public int MaxRows { get; set; } = 1_048_576;

    /// <summary>Longest text of a cell, in characters. Default 32,767 (Excel's own).</summary>
    [Range(1, 32_767)]
    public int MaxCellCharacters { get; set; } = 32_767;

    /// <summary>Most text of one row before the table's columns are known, in characters. Default 1,048,576.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxRowCharacters { get; set; } = 1_048_576;

    /// <summary>Most entries of an xlsx shared-string table. Default 1,048,576.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSharedStrings { get; set; } = 1_048_576;

    /// <summary>Most characters of all shared strings together. Default 16,777,216.</summary>
    [Range(1, long.MaxValue)]
    public long MaxSharedStringCharacters { get; set; } = 16L * 1024 * 1024;

    /// <summary>Largest styles part once decompressed, in bytes. Default 16 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxStylesBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Most cell formats and number formats of a styles part. Default 65,536.</summary>
    [Range(1, int.MaxValue)]
    public int MaxCellFormats { get; set; } = 65_536;

    /// <summary>Most problems listed in one report; the rest are counted. Default 1,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxProblems { get; set; } = 1_000;

    /// <summary>Longest time reading and validating one file may take. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxReadTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts at one blob version before it is set aside as poison with a Rejected report. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    public UploadLimits ToLimits() => new()
    {
        MaxFileBytes = MaxUploadBytes,
        MaxUncompressedBytes = MaxUncompressedBytes,
        MaxPartBytes = MaxPartBytes,
        MaxCompressionRatio = MaxCompressionRatio,
        MaxZipEntries = MaxZipEntries,
        MaxColumns = MaxColumns,
        MaxRows = MaxRows,
        MaxCellCharacters = MaxCellCharacters,
        MaxRowCharacters = MaxRowCharacters,
        MaxSharedStrings = MaxSharedStrings,
        MaxSharedStringCharacters = MaxSharedStringCharacters,
        MaxStylesBytes = MaxStylesBytes,
        MaxCellFormats = MaxCellFormats,
        MaxProblems = MaxProblems,
        MaxReadTime = MaxReadTime,
    };
}
