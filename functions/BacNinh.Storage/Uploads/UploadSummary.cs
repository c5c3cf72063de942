using Azure.Data.Tables;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// An upload in the fields a list needs (its <see cref="UploadReport"/> without the problems): a
/// row of the Uploads table, an item of <c>GET /api/uploads?period=</c>, or an upload still being
/// processed (<see cref="Pending"/>).
/// </summary>
public sealed record UploadSummary(
    string UploadId,
    string Folder,
    string BlobPath,
    string FileName,
    string? Period,
    string Status,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    int ProblemCount,
    DateTimeOffset? UploadedAt)
{
    /// <summary>The status of an upload whose report is not written yet.</summary>
    public const string PendingStatus = "Pending";

    public static UploadSummary Pending(UploadVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new UploadSummary(version.UploadId, version.Path.Folder, version.BlobPath, version.Path.FileName, version.Path.Period?.ToString(),
            PendingStatus, 0, 0, 0, 0, version.UploadedAt);
    }

    public static UploadSummary From(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var blobPath = entity.GetString("BlobPath") ?? string.Empty;
        return new UploadSummary(
            entity.GetString("UploadId") ?? entity.RowKey,
            entity.GetString("Folder") ?? string.Empty,
            blobPath,
            blobPath[(blobPath.LastIndexOf('/') + 1)..],
            entity.GetString("Period"),
            entity.GetString("Status") ?? string.Empty,
            entity.GetInt32("RowsRead") ?? 0,
            entity.GetInt32("RowsAccepted") ?? 0,
            entity.GetInt32("RowsRejected") ?? 0,
            entity.GetInt32("ProblemCount") ?? 0,
            entity.GetDateTimeOffset("UploadedAt"));
    }
}
