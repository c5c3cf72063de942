using BacNinh.Core.Ingestion;

namespace BacNinh.Storage.Blobs;

/// <summary>What the agency gets back for every upload, stored as JSON next to its row in the Uploads dataset.</summary>
public sealed record UploadReport(
    string UploadId,
    string BlobPath,
    string? Period,
    string Status,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<string> SkippedSheets,
    IReadOnlyList<UploadProblem> Problems,
    DateTimeOffset ProcessedAt);
