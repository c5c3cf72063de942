using Azure.Data.Tables;

namespace BacNinh.Storage.Uploads;

/// <summary>A processed upload as its row in the Uploads table records it.</summary>
public sealed record UploadSummary(
    string UploadId,
    string Folder,
    string BlobPath,
    string? Period,
    string Status,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    int ProblemCount,
    DateTimeOffset? UploadedAt)
{
    public static UploadSummary From(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new UploadSummary(
            entity.GetString("UploadId") ?? entity.RowKey,
            entity.GetString("Folder") ?? string.Empty,
            entity.GetString("BlobPath") ?? string.Empty,
            entity.GetString("Period"),
            entity.GetString("Status") ?? string.Empty,
            entity.GetInt32("RowsRead") ?? 0,
            entity.GetInt32("RowsAccepted") ?? 0,
            entity.GetInt32("RowsRejected") ?? 0,
            entity.GetInt32("ProblemCount") ?? 0,
            entity.GetDateTimeOffset("UploadedAt"));
    }
}
