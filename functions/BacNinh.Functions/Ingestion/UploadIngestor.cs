using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// Ingests one blob version: reads it (never changes it), validates every row, stores the good
/// rows, writes the report and asks for the touched months to be recomputed. Each step is safe to
/// repeat, and each says below what a crash right after it leaves and what repairs it; the
/// report, written last but one, marks the version as processed. Every version gets a report:
/// a version that keeps failing for reasons that are not the file's gets a PROCESSING_FAILED one
/// on its last attempt (<see cref="IngestionOptions.MaxAttempts"/>).
/// </summary>
public sealed partial class UploadIngestor(
    ReferenceDataStore referenceData,
    UnitValueStore values,
    UploadReportStore reports,
    AggregationRequests aggregation,
    UploadAttempts attempts,
    UploadIndex index,
    DossierExportIngestor dossiers,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<UploadIngestor> logger)
{
    // The blob trigger and the reconciliation sweep can both pick up a new blob: one run per version here.
    private readonly ConcurrentDictionary<string, Lazy<Task<UploadReport>>> _inFlight = new(StringComparer.Ordinal);

    public async Task<UploadReport> IngestAsync(BlobClient blob, string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return await IngestAsync(blob, UploadVersion.From(blobName, properties.Value), cancellationToken).ConfigureAwait(false);
    }

    public async Task<UploadReport> IngestAsync(BlobClient blob, UploadVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(version);
        var run = _inFlight.GetOrAdd(version.UploadId, _ => new Lazy<Task<UploadReport>>(() => IngestOnceAsync(blob, version, cancellationToken)));
        try
        {
            return await run.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<UploadReport>>>(version.UploadId, run));
        }
    }

    private async Task<UploadReport> IngestOnceAsync(BlobClient blob, UploadVersion version, CancellationToken cancellationToken)
    {
        // Processed before: a repeated delivery, or a crash after the report. The request is sent
        // again, since a crash between the report and the request would leave the month stale.
        if (await reports.GetAsync(version.Path.Folder, version.UploadId, cancellationToken).ConfigureAwait(false) is { } done)
        {
            LogAlreadyProcessed(version.BlobPath, version.UploadId);
            if (done.RowsAccepted > 0 && Period.TryParse(done.Period, out var period))
            {
                await aggregation.RequestAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
            }

            return done;
        }

        // Findable by its id from now on (GET /api/uploads/{id} answers 202), whoever stored it.
        await index.AddAsync(version, cancellationToken).ConfigureAwait(false);

        // Counted before anything that can fail, so that a file which kills the process still ends
        // with a report: the attempt after the last one sets it aside without reading it.
        var maxAttempts = options.Value.MaxAttempts;
        var attempt = await attempts.BeginAsync(version.UploadId, version.BlobPath, cancellationToken).ConfigureAwait(false);
        if (attempt > maxAttempts)
        {
            return await SetAsideAsync(version, attempt - 1, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var report = await ProcessAsync(blob, version, cancellationToken).ConfigureAwait(false);
            await attempts.CompleteAsync(version.UploadId, cancellationToken).ConfigureAwait(false);
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or scale-in is not a failure of this file: the attempt is given back and the
            // version is delivered again (by its trigger, or found by the sweep).
            await attempts.GiveBackAsync(version.UploadId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (attempt == maxAttempts)
        {
            // The last attempt writes the report itself instead of leaving the message to the
            // platform's poison queue, where nothing would answer the agency.
            LogAttemptFailed(ex, version.BlobPath, attempt, maxAttempts);
            return await SetAsideAsync(version, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogAttemptFailed(ex, version.BlobPath, attempt, maxAttempts);
            throw;
        }
    }

    private async Task<UploadReport> ProcessAsync(BlobClient blob, UploadVersion version, CancellationToken cancellationToken)
    {
        var limits = options.Value.ToLimits();

        // A file that may be a dossier export is allowed the raised size of §2b until its header says otherwise.
        var mayBeExport = DossierFiles.MayBeExport(version.Path.FileName);
        var fileLimit = mayBeExport ? DossierLimits.For(limits).MaxFileBytes : limits.MaxFileBytes;
        if (version.Size > fileLimit)
        {
            return await SaveAsync(version, ParsedUpload.Rejected(version.Path.Period, TooLarge(version.Size, fileLimit)), null, null, cancellationToken).ConfigureAwait(false);
        }

        // A seekable local copy (xlsx is a zip and needs random access), deleted on close. It is the
        // version whose size was checked: by version id where versioning is on, else under If-Match.
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var source = version.VersionId is { } versionId ? blob.WithVersion(versionId) : blob;
        try
        {
            await source.DownloadToAsync(copy, new BlobDownloadToOptions
            {
                Conditions = version.VersionId is null ? new BlobRequestConditions { IfMatch = new ETag($"\"{version.ETag}\"") } : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Overwritten since it was listed (only where a writer may overwrite): these bytes are gone
            // and the new version is processed on its own.
            return await SaveAsync(version, ParsedUpload.Rejected(version.Path.Period, UploadProblem.ForFile(ProblemCodes.ProcessingFailed,
                "Phiên bản tệp này đã bị ghi đè trước khi được đọc; phiên bản mới được xử lý riêng.")), null, null, cancellationToken).ConfigureAwait(false);
        }

        if (copy.Length > fileLimit)
        {
            return await SaveAsync(version, ParsedUpload.Rejected(version.Path.Period, TooLarge(copy.Length, fileLimit)), null, null, cancellationToken).ConfigureAwait(false);
        }

        copy.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(copy, cancellationToken).ConfigureAwait(false));
        copy.Position = 0;
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        if (mayBeExport)
        {
            // Marks, dossier records and their recount happen inside; the report and the requests follow here.
            if (await dossiers.TryIngestAsync(copy, version, reference, limits, cancellationToken).ConfigureAwait(false) is { } export)
            {
                return await FinishExportAsync(version, export, sha256, cancellationToken).ConfigureAwait(false);
            }

            copy.Position = 0;
            if (copy.Length > limits.MaxFileBytes)
            {
                return await SaveAsync(version, ParsedUpload.Rejected(version.Path.Period, TooLarge(copy.Length, limits.MaxFileBytes)), sha256, null, cancellationToken).ConfigureAwait(false);
            }
        }

        var parsed = new UploadParser(reference, time, limits).Parse(copy, version.Path);
        var periods = parsed.Observations.Select(o => o.Period).Distinct().ToList();

        // Noted for the version (an upload set aside takes back what it wrote there) and pending before
        // any value is written: a crash from here on leaves the month marked, and the
        // sweep or the nightly run recomputes it even if this version is never delivered again; no run
        // switches in a computation that may have read the values half-written. Values: history, then
        // the current value where this version is the newest upload. A crash part-way is repaired by
        // the next attempt, which rewrites the same keys.
        var processedAt = time.GetUtcNow();
        await attempts.NotePeriodsAsync(version.UploadId, periods, cancellationToken).ConfigureAwait(false);
        await aggregation.WriteInputsAsync(periods, version.UploadId, async token =>
        {
            if (parsed.Observations.Count > 0)
            {
                await values.SaveAsync(version, processedAt, parsed.Observations, token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        // The report marks the version processed. A crash before it: the version is processed again.
        var report = await SaveAsync(version, parsed, sha256, processedAt, cancellationToken).ConfigureAwait(false);

        // Marked again (the ETag changes, so a recomputation that started before our values were
        // written runs once more) and queued. A crash before it: the mark stays and the sweep sends it.
        foreach (var period in periods)
        {
            await aggregation.RequestAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
        }

        LogIngested(version.BlobPath, report.Status, report.RowsAccepted, report.RowsRejected);
        return report;
    }

    /// <summary>An export's report (written once its figures are recounted), then the requests for every month it marked.</summary>
    private async Task<UploadReport> FinishExportAsync(UploadVersion version, DossierIngestion ingested, string sha256, CancellationToken cancellationToken)
    {
        var export = ingested.Export;
        var report = new UploadReport(
            version.UploadId,
            version.Path.Folder,
            version.BlobPath,
            (version.Path.Period ?? (ingested.ReceivedPeriods.Count > 0 ? ingested.ReceivedPeriods[0] : null))?.ToString(),
            export.Status.ToString(),
            export.RowsRead,
            export.RowsAccepted,
            export.RowsRejected,
            ingested.Indicators,
            [],
            export.Problems,
            time.GetUtcNow())
        {
            UploadedAt = version.UploadedAt,
            ContentSha256 = sha256,
            ProblemCount = export.ProblemCount,
        };

        // The report marks the version processed. A crash before it: the version is processed again.
        await reports.SaveAsync(report, cancellationToken).ConfigureAwait(false);

        // A crash before these: the marks stay and the sweep sends them.
        foreach (var period in ingested.MarkedPeriods)
        {
            await aggregation.RequestAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
        }

        LogIngested(version.BlobPath, report.Status, report.RowsAccepted, report.RowsRejected);
        return report;
    }

    private async Task<UploadReport> SetAsideAsync(UploadVersion version, int failedAttempts, CancellationToken cancellationToken)
    {
        LogPoison(version.BlobPath, failedAttempts);
        await TakeBackAsync(version, cancellationToken).ConfigureAwait(false);
        var report = await SaveAsync(version, ParsedUpload.Rejected(version.Path.Period,
            UploadProblem.ForFile(ProblemCodes.ProcessingFailed,
                $"Hệ thống xử lý tệp thất bại {failedAttempts} lần do lỗi của hệ thống, không phải do tệp. " +
                "Quản trị viên đã được báo; đơn vị có thể tải lên lại tệp sau.")), null, null, cancellationToken).ConfigureAwait(false);
        await attempts.CompleteAsync(version.UploadId, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// An upload set aside counts for nothing: in the months its attempts noted before writing, the
    /// values it made current are taken back, and an export's dossiers too, their months recounted.
    /// Failing that (storage is what keeps failing), the report is still written: the error is logged,
    /// and what was written counts until the file is sent again.
    /// </summary>
    private async Task TakeBackAsync(UploadVersion version, CancellationToken cancellationToken)
    {
        try
        {
            var periods = await attempts.NotedPeriodsAsync(version.UploadId, cancellationToken).ConfigureAwait(false);
            if (periods.Count == 0)
            {
                return;
            }

            await values.TakeBackAsync(version.UploadId, periods, cancellationToken).ConfigureAwait(false);
            var changed = new HashSet<Period>(periods);
            if (DossierFiles.MayBeExport(version.Path.FileName))
            {
                var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
                changed.UnionWith(await dossiers.DiscardAsync(version, reference, cancellationToken).ConfigureAwait(false));
            }

            foreach (var period in changed.Order())
            {
                await aggregation.RequestAsync(period, recomputeNext: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTakeBackFailed(ex, version.BlobPath, version.UploadId);
        }
    }

    private async Task<UploadReport> SaveAsync(UploadVersion version, ParsedUpload parsed, string? sha256, DateTimeOffset? processedAt, CancellationToken cancellationToken)
    {
        var report = new UploadReport(
            version.UploadId,
            version.Path.Folder,
            version.BlobPath,
            parsed.Period?.ToString(),
            parsed.Status.ToString(),
            parsed.RowsRead,
            parsed.RowsAccepted,
            parsed.RowsRejected,
            [.. parsed.Observations.Select(o => o.IndicatorCode).Distinct().Order(StringComparer.Ordinal)],
            parsed.SkippedSheets,
            parsed.Problems,
            processedAt ?? time.GetUtcNow())
        {
            UploadedAt = version.UploadedAt,
            ContentSha256 = sha256,
            ProblemCount = parsed.ProblemCount,
        };
        await reports.SaveAsync(report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private static UploadProblem TooLarge(long size, long limit) => UploadProblem.ForFile(ProblemCodes.FileTooLarge,
        $"Tệp {size:N0} byte vượt giới hạn {limit:N0} byte.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobPath} ({UploadId}) was processed before; its months are asked for again")]
    private partial void LogAlreadyProcessed(string blobPath, string uploadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BlobPath}: {Status}, {RowsAccepted} rows accepted, {RowsRejected} rejected")]
    private partial void LogIngested(string blobPath, string status, int rowsAccepted, int rowsRejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of {MaxAttempts} at upload {BlobPath} failed")]
    private partial void LogAttemptFailed(Exception exception, string blobPath, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "What upload {BlobPath} ({UploadId}) wrote before it was set aside could not be taken back; it counts until the file is sent again")]
    private partial void LogTakeBackFailed(Exception exception, string blobPath, string uploadId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {BlobPath} failed {Attempts} times and is set aside with a PROCESSING_FAILED report")]
    private partial void LogPoison(string blobPath, int attempts);
}
