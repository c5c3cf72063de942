using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Storage.Blobs;
using BacNinh.Storage.Queues;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Tables;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Recomputes every indicator of a period from the current ingested figures, rewrites its
/// bulletin, and recomputes the following month too when it has data (its "previous month"
/// changed). Idempotent: each run replaces the period's computed partitions with the same figures.
/// </summary>
public sealed partial class PeriodRecalculator(
    ReferenceDataStore referenceData,
    UnitValueStore values,
    AggregationStore results,
    BulletinStore bulletinStore,
    AggregationRequests requests,
    TimeProvider time,
    ILogger<PeriodRecalculator> logger)
{
    public async Task<IReadOnlyList<PeriodAggregation>> RecalculateAsync(Period period, CancellationToken cancellationToken = default)
    {
        var mark = await requests.PendingMarkAsync(period, cancellationToken).ConfigureAwait(false);
        var computed = await ComputeAsync(period, cancellationToken).ConfigureAwait(false);
        var next = period.Next;
        if (next <= Period.FromDate(time.GetUtcNow()) && await values.LastChangedAsync(next, cancellationToken).ConfigureAwait(false) is not null)
        {
            await ComputeAsync(next, cancellationToken).ConfigureAwait(false);
        }

        await requests.CompleteAsync(period, mark, cancellationToken).ConfigureAwait(false);
        return computed;
    }

    /// <summary>Recomputes the periods ingestion marked since the last run.</summary>
    public async Task<IReadOnlyList<Period>> RecalculatePendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = await requests.PendingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var period in pending.Order())
        {
            await RecalculateAsync(period, cancellationToken).ConfigureAwait(false);
        }

        return pending;
    }

    private async Task<IReadOnlyList<PeriodAggregation>> ComputeAsync(Period period, CancellationToken cancellationToken)
    {
        // Stamped with when the inputs last changed, not when this run happened: re-running
        // with the same inputs writes byte-identical rows.
        var updatedAt = await values.LastChangedAsync(period, cancellationToken).ConfigureAwait(false)
            ?? ObservationEntities.PeriodStart(period);
        // The registry, catalog and targets in force now (an administrator may have replaced them).
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var aggregator = new PeriodAggregator(reference);
        var computed = new List<PeriodAggregation>();
        foreach (var indicator in reference.Indicators.Indicators)
        {
            var keys = indicator.Breakdowns.Select(b => b.Key).ToList();
            var current = await values.ListCurrentAsync(period, indicator.Code, keys, cancellationToken).ConfigureAwait(false);
            var previous = await values.ListCurrentAsync(period.Previous, indicator.Code, keys, cancellationToken).ConfigureAwait(false);
            var aggregation = aggregator.Aggregate(period, indicator, current, previous);
            await results.SaveAsync(aggregation, updatedAt, cancellationToken).ConfigureAwait(false);
            computed.Add(aggregation);
        }

        await bulletinStore.SaveAsync(period, new BulletinComposer(reference).Compose(period, computed), updatedAt, cancellationToken).ConfigureAwait(false);
        LogRecalculated(period.ToString(), computed.Sum(c => c.Units.Count));
        return computed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recalculated {Period}: {UnitResults} unit results")]
    private partial void LogRecalculated(string period, int unitResults);
}
