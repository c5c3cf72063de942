using BacNinh.Core.Ingestion.Files;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>The limits of §8 as raised for dossier exports (§2b): 10⁶ rows, 512 MiB uncompressed.</summary>
public static class DossierLimits
{
    public const int MaxDossiers = 1_000_000;

    public static UploadLimits Default { get; } = For(UploadLimits.Default);

    /// <summary>The upload limits with the size and row caps raised for an export; the rest (problems listed, columns, cells) kept.</summary>
    public static UploadLimits For(UploadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        const long uncompressed = 512L * 1024 * 1024;
        return limits with
        {
            MaxFileBytes = Math.Max(limits.MaxFileBytes, uncompressed),
            MaxUncompressedBytes = Math.Max(limits.MaxUncompressedBytes, uncompressed),
            MaxPartBytes = Math.Max(limits.MaxPartBytes, uncompressed),
            MaxRows = Math.Max(limits.MaxRows, MaxDossiers + 20),
            MaxReadTime = limits.MaxReadTime * 4,
        };
    }
}
