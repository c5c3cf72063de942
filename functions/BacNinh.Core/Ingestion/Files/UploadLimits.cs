namespace BacNinh.Core.Ingestion.Files;

/// <summary>How much an upload may weigh, on disk and once decompressed.</summary>
public sealed record UploadLimits
{
    /// <summary>Largest file accepted, in bytes (default 50 MiB).</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest total of an xlsx package's parts once decompressed (default 1 GiB).</summary>
    public long MaxUncompressedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Highest ratio of decompressed to compressed size over the package (default 200; sheet XML is usually 5–30).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    public static UploadLimits Default { get; } = new();
}
