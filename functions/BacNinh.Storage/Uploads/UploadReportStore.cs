using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// Upload reports: a JSON blob per blob version at <c>upload-reports/{folder}/{uploadId}.json</c>
/// (so an agency can be given read access to its own folder only) plus a row in the Uploads table.
/// The report blob is written last and is the "processed" marker.
/// </summary>
public class UploadReportStore(StorageAccount account)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly BlobContainerClient _reports = account.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
    private readonly TableClient _uploads = account.Tables.GetTableClient(StorageNames.UploadsTable);

    public static string ReportPath(string folder, string uploadId) => $"{folder}/{uploadId}.json";

    public virtual async Task<bool> ExistsAsync(string folder, string uploadId, CancellationToken cancellationToken = default)
    {
        var response = await _reports.GetBlobClient(ReportPath(folder, uploadId)).ExistsAsync(cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public virtual async Task SaveAsync(UploadReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var entity = new TableEntity(TableKeys.Safe(report.Period ?? "unknown"), report.UploadId)
        {
            ["UploadId"] = report.UploadId,
            ["BlobPath"] = report.BlobPath,
            ["Folder"] = report.Folder,
            ["Period"] = report.Period,
            ["PeriodStart"] = report.Period is null ? null : ObservationEntities.PeriodStart(Core.Periods.Period.Parse(report.Period)),
            ["Status"] = report.Status,
            ["RowsRead"] = report.RowsRead,
            ["RowsAccepted"] = report.RowsAccepted,
            ["RowsRejected"] = report.RowsRejected,
            ["ProblemCount"] = Math.Max(report.ProblemCount, report.Problems.Count),
            ["Indicators"] = string.Join(',', report.Indicators),
            ["ReportPath"] = $"{StorageNames.ReportsContainer}/{ReportPath(report.Folder, report.UploadId)}",
            ["UploadedAt"] = report.UploadedAt,
            ["UpdatedAt"] = report.ProcessedAt,
        };

        // The table row first: the report blob is the "processed" marker. A crash between the two
        // leaves a row and no blob; the next attempt rewrites both with the same keys.
        await _uploads.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var content = BinaryData.FromObjectAsJson(report, Json);
        await _reports.GetBlobClient(ReportPath(report.Folder, report.UploadId)).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
        }, cancellationToken).ConfigureAwait(false);
    }

    public virtual async Task<UploadReport?> GetAsync(string folder, string uploadId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _reports.GetBlobClient(ReportPath(folder, uploadId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToObjectFromJson<UploadReport>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The ids of every upload that has its report: names only, one listing.</summary>
    public virtual async IAsyncEnumerable<string> ListReportedIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _reports.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var name = item.Name;
            var slash = name.LastIndexOf('/');
            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                yield return name[(slash + 1)..^".json".Length];
            }
        }
    }
}
