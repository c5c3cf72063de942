using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using BacNinh.Core.Periods;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// The safety net behind the blob trigger: lists <c>uploads/</c> against the reports and ingests
/// every blob version that has none (a lost or failed event, a crash mid-way), most recent months
/// first; then asks again for months left pending longer than
/// <see cref="ReconciliationOptions.StalePendingAfter"/>. Repeating it changes nothing: versions
/// with a report are skipped, and ingestion is idempotent.
/// </summary>
public sealed partial class UploadReconciler(
    StorageAccount account,
    UploadReportStore reports,
    UploadIngestor ingestor,
    AggregationRequests requests,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<UploadReconciler> logger)
{
    private readonly BlobContainerClient _uploads = account.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);

    // When each stale month was last asked for, so a month that keeps failing is not asked for on every sweep.
    private readonly ConcurrentDictionary<Period, DateTimeOffset> _resent = new();

    public async Task<ReconciliationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var id in reports.ListReportedIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            reported.Add(id);
        }

        var missing = new List<UploadVersion>();
        var settled = time.GetUtcNow() - options.Value.MinimumAge;
        await foreach (var item in _uploads.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var version = UploadVersion.From(item);
            if (!reported.Contains(version.UploadId) && version.UploadedAt <= settled)
            {
                missing.Add(version);
            }
        }

        var failed = 0;
        var ordered = missing.OrderByDescending(v => v.Path.Period).ThenByDescending(v => v.UploadedAt);
        await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelUploads, CancellationToken = cancellationToken },
            async (version, token) =>
            {
                LogFound(version.BlobPath);
                try
                {
                    // Properties are read again by the ingestor: the listing has no version id, which orders uploads exactly.
                    await ingestor.IngestAsync(_uploads.GetBlobClient(version.Path.Name), version.Path.Name, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // Counted as an attempt by the ingestor; the next sweep tries again until its last attempt reports.
                    Interlocked.Increment(ref failed);
                    LogIngestFailed(ex, version.BlobPath);
                }
            }).ConfigureAwait(false);

        var resent = await ResendStaleAsync(cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0 || resent > 0)
        {
            LogSwept(missing.Count, failed, resent);
        }

        return new ReconciliationResult(missing.Count, failed, resent);
    }

    private async Task<int> ResendStaleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var staleAfter = options.Value.StalePendingAfter;
        var resent = 0;
        foreach (var mark in await requests.MarksAsync(cancellationToken).ConfigureAwait(false))
        {
            if (now - mark.MarkedAt < staleAfter || (_resent.TryGetValue(mark.Period, out var last) && now - last < staleAfter))
            {
                continue;
            }

            LogStale(mark.Period.ToString(), mark.MarkedAt);
            await requests.SendAsync(mark.Period, null, cancellationToken).ConfigureAwait(false);
            _resent[mark.Period] = now;
            resent++;
        }

        return resent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation found {BlobPath} without a report; ingesting it")]
    private partial void LogFound(string blobPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation could not ingest {BlobPath}; the next sweep tries again")]
    private partial void LogIngestFailed(Exception exception, string blobPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Period} has been pending since {MarkedAt:o} without a recomputation; asking for it again")]
    private partial void LogStale(string period, DateTimeOffset markedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation: {Missing} uploads without a report ingested ({Failed} failed), {Resent} stale months asked for again")]
    private partial void LogSwept(int missing, int failed, int resent);
}

/// <summary>What one sweep did.</summary>
public sealed record ReconciliationResult(int UploadsWithoutReport, int Failed, int MonthsResent);
