using System.ComponentModel.DataAnnotations;

namespace BacNinh.Functions.Serving.Bodies;

/// <summary>Where this process keeps dataset bodies and OData pages (section <c>DatasetBodies</c>); those worth it are also kept as blobs.</summary>
public sealed class DatasetBodyOptions
{
    public const string Section = "DatasetBodies";

    /// <summary>Memory the bodies kept in memory may take in all (default 256 MiB); 0 keeps none in memory.</summary>
    [Range(0, 65_536)]
    public int MemoryMegabytes { get; set; } = 256;

    /// <summary>Bodies up to this size are kept in memory (default 8 MiB); larger ones on local disk and as blobs only.</summary>
    [Range(0, 1_048_576)]
    public int MemoryBodyKilobytes { get; set; } = 8192;

    /// <summary>
    /// Bodies from this size up are also kept as blobs, for other processes (default 64 KiB). A smaller one is
    /// built again by each process: that costs a storage read, as fetching it would, and saves writing it.
    /// </summary>
    [Range(0, 1_048_576)]
    public int BlobBodyKilobytes { get; set; } = 64;

    /// <summary>Local disk this process may take for the bodies memory cannot hold (default 512 MiB; the pages and CSV of 10⁶ Observations take about 650 MB); 0 keeps none.</summary>
    [Range(0, 1_048_576)]
    public int LocalCopyMegabytes { get; set; } = 512;
}
