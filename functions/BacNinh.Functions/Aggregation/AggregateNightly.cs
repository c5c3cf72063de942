using BacNinh.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Nightly safety net: recomputes every period marked by ingestion since the last run.
/// The schedule is in UTC (Flex Consumption on Linux ignores time zones); the default,
/// 18:00 UTC, is 01:00 in Vietnam.
/// </summary>
public sealed partial class AggregateNightly(PeriodRecalculator recalculator, ILogger<AggregateNightly> logger)
{
    [Function(nameof(AggregateNightly))]
    public async Task Run([TimerTrigger(TriggerSources.AggregationSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var periods = await recalculator.RecalculatePendingAsync(cancellationToken).ConfigureAwait(false);
        LogRun(timer.IsPastDue, periods.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly aggregation (past due: {IsPastDue}) recomputed {PeriodCount} periods")]
    private partial void LogRun(bool isPastDue, int periodCount);
}
