using System.ComponentModel.DataAnnotations;
using BacNinh.Core.Ingestion.Files;

namespace BacNinh.Functions.Ingestion;

/// <summary>Limits on uploads, bound from the <c>IngestionOptions</c> section.</summary>
public sealed class IngestionOptions
{
    /// <summary>Largest file accepted, in bytes. Default 50 MiB: a province-wide workbook is a few MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest total size of an xlsx package once decompressed. Default 1 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUncompressedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Highest decompressed-to-compressed ratio of an xlsx package (zip bombs). Default 200.</summary>
    [Range(2, 100_000)]
    public double MaxCompressionRatio { get; set; } = 200;

    /// <summary>Attempts at one blob version before it is set aside as poison with a Rejected report. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    public UploadLimits ToLimits() => new()
    {
        MaxFileBytes = MaxUploadBytes,
        MaxUncompressedBytes = MaxUncompressedBytes,
        MaxCompressionRatio = MaxCompressionRatio,
    };
}
