using BacNinh.Core.Ingestion;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// What the agency gets back for every upload (every blob version), stored as JSON under its
/// <see cref="Folder"/> (the uploader's, or <see cref="Core.Uploaders.UploadPath.NoFolder"/>) next to
/// its row in the Uploads dataset, which holds its <see cref="UploadSummary"/>.
/// </summary>
public sealed record UploadReport(
    string UploadId,
    string Folder,
    string BlobPath,
    string? Period,
    string Status,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<string> SkippedSheets,
    IReadOnlyList<UploadProblem> Problems,
    DateTimeOffset ProcessedAt)
{
    /// <summary>When storage accepted this blob version: what decides which upload's values are current.</summary>
    public DateTimeOffset UploadedAt { get; init; }

    /// <summary>How many problems were found; <see cref="Problems"/> lists at most the first 1,000 (contract §8).</summary>
    public int ProblemCount { get; init; }

    /// <summary>SHA-256 of the bytes read, so two uploads of the same file can be recognised.</summary>
    public string? ContentSha256 { get; init; }
}
