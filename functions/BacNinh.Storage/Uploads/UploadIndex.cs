using Azure.Data.Tables;
using BacNinh.Core.Uploaders;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// Where each upload is, by its id: one row per blob version (partition = upload id), written when
/// the upload API stores a file and again when ingestion starts on any version (a direct blob
/// upload included), so finding an upload by id is one point read, never a scan or a listing.
/// </summary>
public class UploadIndex(StorageAccount account)
{
    private const string RowKey = "version";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.UploadIndexTable);

    /// <summary>Records the version under its id; repeating it rewrites the same row.</summary>
    public virtual async Task AddAsync(UploadVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await _table.UpsertEntityAsync(new TableEntity(TableKeys.Safe(version.UploadId), RowKey)
        {
            ["BlobName"] = version.Path.Name,
            ["ETag"] = version.ETag,
            ["UploadedAt"] = version.UploadedAt,
            ["Size"] = version.Size,
            ["VersionId"] = version.VersionId,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version with this id, or null when none was recorded.</summary>
    public virtual async Task<UploadVersion?> FindAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Safe(uploadId), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity
            ? new UploadVersion(UploadPath.Parse(entity.GetString("BlobName") ?? string.Empty), entity.GetString("ETag") ?? string.Empty,
                entity.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue, entity.GetInt64("Size") ?? 0, entity.GetString("VersionId"))
            : null;
    }
}
