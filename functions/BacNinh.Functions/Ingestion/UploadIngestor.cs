using System.Security.Cryptography;
using Azure.Storage.Blobs;
using BacNinh.Core.Ingestion;
using BacNinh.Storage.Blobs;
using BacNinh.Storage.Queues;
using BacNinh.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// Ingests one uploaded blob: reads it (never changes it), validates every row, stores the good
/// rows, writes the report and asks for the touched periods to be recomputed. Keyed by content
/// hash, so the same file processed twice changes nothing.
/// </summary>
public sealed partial class UploadIngestor(
    UploadParser parser,
    UnitValueStore values,
    UploadReportStore reports,
    AggregationRequests aggregation,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<UploadIngestor> logger)
{
    public async Task<UploadReport> IngestAsync(BlobClient blob, string pathInContainer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var blobPath = $"{blob.BlobContainerName}/{pathInContainer}";
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var size = properties.Value.ContentLength;
        if (size > options.Value.MaxUploadBytes)
        {
            var tooLarge = Report(IdForOversized(blobPath, properties.Value.ETag.ToString()), blobPath,
                ParsedUpload.Rejected(UploadParser.PeriodFromPath(pathInContainer), UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                    $"Tệp {size:N0} byte vượt giới hạn {options.Value.MaxUploadBytes:N0} byte.")));
            await reports.SaveAsync(tooLarge, cancellationToken).ConfigureAwait(false);
            return tooLarge;
        }

        // A seekable local copy: xlsx is a zip and needs random access. Deleted on close.
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await blob.DownloadToAsync(copy, cancellationToken).ConfigureAwait(false);
        copy.Position = 0;
        var uploadId = Convert.ToHexStringLower(await SHA256.HashDataAsync(copy, cancellationToken).ConfigureAwait(false));
        if (await reports.ExistsAsync(uploadId, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyProcessed(blobPath, uploadId);
            return (await reports.GetAsync(uploadId, cancellationToken).ConfigureAwait(false))!;
        }

        copy.Position = 0;
        var parsed = parser.Parse(copy, pathInContainer);
        var report = Report(uploadId, blobPath, parsed);
        if (parsed.Observations.Count > 0)
        {
            await values.SaveAsync(uploadId, report.ProcessedAt, parsed.Observations, cancellationToken).ConfigureAwait(false);
        }

        await reports.SaveAsync(report, cancellationToken).ConfigureAwait(false);
        foreach (var period in parsed.Observations.Select(o => o.Period).Distinct())
        {
            await aggregation.RequestAsync(period, cancellationToken).ConfigureAwait(false);
        }

        LogIngested(blobPath, report.Status, report.RowsAccepted, report.RowsRejected);
        return report;
    }

    private UploadReport Report(string uploadId, string blobPath, ParsedUpload parsed) => new(
        uploadId,
        blobPath,
        parsed.Period?.ToString(),
        parsed.Status.ToString(),
        parsed.RowsRead,
        parsed.RowsAccepted,
        parsed.RowsRejected,
        [.. parsed.Observations.Select(o => o.IndicatorCode).Distinct().Order(StringComparer.Ordinal)],
        parsed.SkippedSheets,
        parsed.Problems,
        time.GetUtcNow());

    private static string IdForOversized(string blobPath, string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{blobPath}|{etag}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobPath} ({UploadId}) was processed before; nothing to do")]
    private partial void LogAlreadyProcessed(string blobPath, string uploadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BlobPath}: {Status}, {RowsAccepted} rows accepted, {RowsRejected} rejected")]
    private partial void LogIngested(string blobPath, string status, int rowsAccepted, int rowsRejected);
}
