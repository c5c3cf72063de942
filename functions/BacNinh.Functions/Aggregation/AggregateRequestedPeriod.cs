using BacNinh.Core.Periods;
using BacNinh.Storage;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Aggregation;

/// <summary>Recomputes a period within seconds of an upload touching it.</summary>
public sealed class AggregateRequestedPeriod(PeriodRecalculator recalculator)
{
    [Function(nameof(AggregateRequestedPeriod))]
    public Task Run(
        [QueueTrigger(StorageNames.AggregationQueue, Connection = "AzureWebJobsStorage")] string period,
        CancellationToken cancellationToken) =>
        recalculator.RecalculateAsync(Period.Parse(period), cancellationToken);
}
