using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Storage.Tables;

namespace BacNinh.Storage.Blobs;

/// <summary>Upload reports: a JSON blob per upload plus a row in the Uploads table.</summary>
public class UploadReportStore(StorageAccount account)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly BlobContainerClient _reports = account.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
    private readonly TableClient _uploads = account.Tables.GetTableClient(StorageNames.UploadsTable);

    public static string ReportPath(string uploadId) => $"{uploadId}.json";

    /// <summary>An upload's id: the SHA-256 of its content, so the same file uploaded twice is one upload.</summary>
    public static async Task<string> UploadIdAsync(Stream content, CancellationToken cancellationToken = default) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));

    /// <summary>True when this content was processed before: uploads are keyed by content hash.</summary>
    public virtual async Task<bool> ExistsAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        var response = await _reports.GetBlobClient(ReportPath(uploadId)).ExistsAsync(cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public virtual async Task SaveAsync(UploadReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var entity = new TableEntity(TableKeys.Safe(report.Period ?? "unknown"), report.UploadId)
        {
            ["UploadId"] = report.UploadId,
            ["BlobPath"] = report.BlobPath,
            ["Period"] = report.Period,
            ["PeriodStart"] = report.Period is null ? null : ObservationEntities.PeriodStart(Core.Periods.Period.Parse(report.Period)),
            ["Status"] = report.Status,
            ["RowsRead"] = report.RowsRead,
            ["RowsAccepted"] = report.RowsAccepted,
            ["RowsRejected"] = report.RowsRejected,
            ["ProblemCount"] = report.Problems.Count,
            ["Indicators"] = string.Join(',', report.Indicators),
            ["ReportPath"] = $"{StorageNames.ReportsContainer}/{ReportPath(report.UploadId)}",
            ["UpdatedAt"] = report.ProcessedAt,
        };

        // The table row first: the report blob is the "done" marker checked by ExistsAsync.
        await _uploads.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var content = BinaryData.FromObjectAsJson(report, Json);
        await _reports.GetBlobClient(ReportPath(report.UploadId)).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
        }, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<UploadReport?> GetAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _reports.GetBlobClient(ReportPath(uploadId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToObjectFromJson<UploadReport>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
