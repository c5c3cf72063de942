using System.ComponentModel.DataAnnotations;

namespace BacNinh.Functions.Ingestion;

/// <summary>Limits on uploads, bound from the <c>IngestionOptions</c> section.</summary>
public sealed class IngestionOptions
{
    /// <summary>Largest file accepted, in bytes. Default 50 MiB: a province-wide workbook is a few MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;
}
