using System.Security.Cryptography;
using Azure.Storage.Blobs;
using BacNinh.Core.Ingestion;
using BacNinh.Storage.Blobs;
using BacNinh.Storage.Queues;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// Ingests one uploaded blob: reads it (never changes it), validates every row, stores the good
/// rows, writes the report and asks for the touched periods to be recomputed. Keyed by content
/// hash, so the same file processed twice changes nothing. A blob version that keeps failing for
/// reasons that are not the file's (storage, platform) is set aside as poison after
/// <see cref="IngestionOptions.MaxAttempts"/> attempts, with a Rejected report saying so.
/// </summary>
public sealed partial class UploadIngestor(
    ReferenceDataStore referenceData,
    UnitValueStore values,
    UploadReportStore reports,
    AggregationRequests aggregation,
    UploadAttempts attempts,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<UploadIngestor> logger)
{
    public async Task<UploadReport> IngestAsync(BlobClient blob, string pathInContainer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var blobPath = $"{blob.BlobContainerName}/{pathInContainer}";
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var versionId = IdForVersion(blobPath, properties.Value.ETag.ToString());
        var attempt = await attempts.BeginAsync(versionId, blobPath, cancellationToken).ConfigureAwait(false);
        if (attempt > options.Value.MaxAttempts)
        {
            return await SetAsideAsync(versionId, blobPath, pathInContainer, attempt - 1, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var report = await ProcessAsync(blob, blobPath, pathInContainer, versionId, properties.Value.ContentLength, cancellationToken).ConfigureAwait(false);
            await attempts.CompleteAsync(versionId, cancellationToken).ConfigureAwait(false);
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAttemptFailed(ex, blobPath, attempt, options.Value.MaxAttempts);
            throw;
        }
    }

    private async Task<UploadReport> ProcessAsync(BlobClient blob, string blobPath, string pathInContainer, string versionId, long size, CancellationToken cancellationToken)
    {
        var limits = options.Value.ToLimits();
        if (size > limits.MaxFileBytes)
        {
            var tooLarge = Report(versionId, blobPath,
                ParsedUpload.Rejected(UploadParser.PeriodFromPath(pathInContainer), UploadProblem.ForFile(ProblemCodes.FileTooLarge,
                    $"Tệp {size:N0} byte vượt giới hạn {limits.MaxFileBytes:N0} byte.")));
            await reports.SaveAsync(tooLarge, cancellationToken).ConfigureAwait(false);
            return tooLarge;
        }

        // A seekable local copy: xlsx is a zip and needs random access. Deleted on close.
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await blob.DownloadToAsync(copy, cancellationToken).ConfigureAwait(false);
        copy.Position = 0;
        var uploadId = await UploadReportStore.UploadIdAsync(copy, cancellationToken).ConfigureAwait(false);
        if (await reports.ExistsAsync(uploadId, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyProcessed(blobPath, uploadId);
            return (await reports.GetAsync(uploadId, cancellationToken).ConfigureAwait(false))!;
        }

        copy.Position = 0;
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var parsed = new UploadParser(reference, time, limits).Parse(copy, pathInContainer);
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

    private async Task<UploadReport> SetAsideAsync(string versionId, string blobPath, string pathInContainer, int failedAttempts, CancellationToken cancellationToken)
    {
        var poison = Report(versionId, blobPath, ParsedUpload.Rejected(UploadParser.PeriodFromPath(pathInContainer),
            UploadProblem.ForFile(ProblemCodes.ProcessingFailed,
                $"Xử lý tệp thất bại {failedAttempts} lần do lỗi hệ thống (không phải do tệp); tệp được chuyển vào danh sách lỗi (poison). " +
                "Quản trị viên sẽ kiểm tra; đơn vị có thể tải lên lại sau.")));
        LogPoison(blobPath, failedAttempts);
        if (!await reports.ExistsAsync(versionId, cancellationToken).ConfigureAwait(false))
        {
            await reports.SaveAsync(poison, cancellationToken).ConfigureAwait(false);
        }

        return poison;
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

    /// <summary>One blob version (path and ETag); a new upload to the same path is a new version.</summary>
    private static string IdForVersion(string blobPath, string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{blobPath}|{etag}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobPath} ({UploadId}) was processed before; nothing to do")]
    private partial void LogAlreadyProcessed(string blobPath, string uploadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BlobPath}: {Status}, {RowsAccepted} rows accepted, {RowsRejected} rejected")]
    private partial void LogIngested(string blobPath, string status, int rowsAccepted, int rowsRejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of {MaxAttempts} at upload {BlobPath} failed")]
    private partial void LogAttemptFailed(Exception exception, string blobPath, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {BlobPath} failed {Attempts} times and is set aside as poison; its report says so")]
    private partial void LogPoison(string blobPath, int attempts);
}
