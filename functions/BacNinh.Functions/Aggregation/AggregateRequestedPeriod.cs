using BacNinh.Core.Periods;
using BacNinh.Functions.Hosting;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Recomputes a month within seconds of an upload touching it. Requests for a month already
/// recomputed merge (nothing pending: nothing to do); a month another run holds is asked for
/// again a few seconds later, so the request is never lost while that run finishes.
/// </summary>
public sealed class AggregateRequestedPeriod(PeriodRecalculator recalculator, AggregationRequests requests)
{
    [Function(nameof(AggregateRequestedPeriod))]
    public async Task Run(
        [QueueTrigger(TriggerSources.AggregationQueue, Connection = TriggerSources.Connection)] string period,
        CancellationToken cancellationToken)
    {
        var month = Period.Parse(period);
        var (outcome, _) = await recalculator.RecalculateAsync(month, onlyIfPending: true, cancellationToken).ConfigureAwait(false);
        if (outcome == RecalculationOutcome.Busy)
        {
            await requests.SendAsync(month, PeriodRecalculator.BusyRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
