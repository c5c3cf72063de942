using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using BacNinh.Core.Periods;
using Microsoft.Extensions.Logging;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// One recomputation of a month at a time, across every instance: a blob lease per month in
/// <see cref="StorageNames.LocksContainer"/>. The lease is short and renewed while held, so a
/// killed process frees the month within <see cref="LeaseDuration"/>.
/// </summary>
public partial class AggregationLocks(StorageAccount account, ILogger<AggregationLocks> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private readonly BlobContainerClient _locks = account.Blobs.GetBlobContainerClient(StorageNames.LocksContainer);

    /// <summary>True while a recomputation holds the month's lease (for status reports; taking the lease is what excludes).</summary>
    public virtual async Task<bool> IsHeldAsync(Period period, CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = await _locks.GetBlobClient(period.ToString()).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The month's lease, or null when another recomputation holds it.</summary>
    public virtual async Task<MonthLease?> TryAcquireAsync(Period period, CancellationToken cancellationToken = default)
    {
        var blob = _locks.GetBlobClient(period.ToString());
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The lock blob exists already (possibly leased).
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }

        return new MonthLease(period, lease, logger);
    }

    /// <summary>A held month lease, renewed in the background until disposed; <see cref="Lost"/> fires if renewal fails.</summary>
    public sealed partial class MonthLease : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _lost = new();
        private readonly Task _renewal;

        internal MonthLease(Period period, BlobLeaseClient lease, ILogger logger)
        {
            Period = period;
            _lease = lease;
            _logger = logger;
            _renewal = RenewAsync();
        }

        public Period Period { get; }

        /// <summary>Cancelled when the lease could not be renewed: another run may now hold the month.</summary>
        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewal.ConfigureAwait(false);
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Already expired and taken by another run: nothing of ours to release.
            }

            _stop.Dispose();
            _lost.Dispose();
        }

        private async Task RenewAsync()
        {
            using var timer = new PeriodicTimer(LeaseDuration / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    await _lease.RenewAsync(cancellationToken: _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Disposed: the holder is done.
            }
            catch (RequestFailedException ex)
            {
                LogLost(_logger, ex, Period.ToString());
                await _lost.CancelAsync().ConfigureAwait(false);
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the recomputation lease of {Period}; the run stops and another one takes over")]
        private static partial void LogLost(ILogger logger, Exception exception, string period);
    }
}
