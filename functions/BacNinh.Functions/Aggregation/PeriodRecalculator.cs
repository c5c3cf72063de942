using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;
using BacNinh.Storage.Reference;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Recomputes every indicator of a month from the current ingested figures and rewrites its
/// bulletin. One run per month at a time (<see cref="AggregationLocks"/>); a run re-checks the
/// month's pending mark after writing and runs again if an upload marked it meanwhile, so the
/// last writer always saw the newest inputs. Each run writes a new version of the month and
/// switches the month's pointer at the end (<see cref="MonthVersions"/>), so readers see the whole
/// old computation or the whole new one. Idempotent: the same inputs give the same served figures.
/// </summary>
public sealed partial class PeriodRecalculator(
    ReferenceDataStore referenceData,
    MonthFigureReader figures,
    AggregationStore results,
    BulletinStore bulletinStore,
    AggregationRequests requests,
    AggregationLocks locks,
    MonthVersions versions,
    ReportingTimelinessRecorder timeliness,
    ReportDiscrepancyStore discrepancyStore,
    TimeProvider time,
    ILogger<PeriodRecalculator> logger)
{
    /// <summary>Rounds in one run before leaving a month that keeps changing to the next request.</summary>
    private const int MaxRounds = 5;

    /// <summary>When a busy month's request is sent again.</summary>
    public static readonly TimeSpan BusyRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Recomputes <paramref name="period"/>. With <paramref name="onlyIfPending"/> (queue requests,
    /// the nightly run) a month with no pending mark is left alone: a run since the request covered it.
    /// </summary>
    public async Task<(RecalculationOutcome Outcome, IReadOnlyList<PeriodAggregation> Computed)> RecalculateAsync(
        Period period, bool onlyIfPending = false, CancellationToken cancellationToken = default)
    {
        await using var lease = await locks.TryAcquireAsync(period, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogBusy(period.ToString());
            return (RecalculationOutcome.Busy, []);
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        IReadOnlyList<PeriodAggregation> computed = [];
        for (var round = 1; ; round++)
        {
            var mark = await requests.PendingMarkAsync(period, held.Token).ConfigureAwait(false);
            if (mark is null && onlyIfPending)
            {
                return (round == 1 ? RecalculationOutcome.AlreadyCurrent : RecalculationOutcome.Recomputed, computed);
            }

            var (inputs, aggregations) = await ComputeAsync(period, mark, held.Token).ConfigureAwait(false);
            if (inputs == Inputs.BeingWritten)
            {
                // Stays pending: the queue sends the request again, the sweep a mark left alone.
                LogBeingWritten(period.ToString());
                return (RecalculationOutcome.Busy, computed);
            }

            if (inputs == Inputs.Changed)
            {
                LogInputsChanged(period.ToString(), round);
                if (round == MaxRounds)
                {
                    return (RecalculationOutcome.Busy, computed);
                }

                continue;
            }

            computed = aggregations;

            // The next month's changes are computed from this month's figures. Asked for before this
            // mark is cleared: a crash in between leaves this month pending, never the next one forgotten.
            if (mark is { RecomputeNext: true } && period.Next <= time.CurrentPeriod()
                && await figures.LastChangedAsync(period.Next, held.Token).ConfigureAwait(false) is not null)
            {
                await requests.RequestAsync(period.Next, recomputeNext: false, held.Token).ConfigureAwait(false);
            }

            // Cleared only if nobody marked the month during the run; otherwise its inputs changed: run again.
            if (await requests.CompleteAsync(mark, held.Token).ConfigureAwait(false) || round == MaxRounds)
            {
                if (round == MaxRounds)
                {
                    await requests.SendAsync(period, BusyRetryDelay, held.Token).ConfigureAwait(false);
                }

                return (RecalculationOutcome.Recomputed, computed);
            }

            LogInputsChanged(period.ToString(), round);
        }
    }

    /// <summary>
    /// Recomputes the months ingestion marked and no run has cleared. A month that fails is logged
    /// and stays marked; the others go on. Throws at the end if any failed, so the run shows as failed.
    /// </summary>
    public async Task<IReadOnlyList<Period>> RecalculatePendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = await requests.PendingAsync(cancellationToken).ConfigureAwait(false);
        var failed = new List<(Period Period, Exception Error)>();
        var done = new List<Period>();
        foreach (var period in pending.Order())
        {
            try
            {
                var (outcome, _) = await RecalculateAsync(period, onlyIfPending: true, cancellationToken).ConfigureAwait(false);
                if (outcome == RecalculationOutcome.Recomputed)
                {
                    done.Add(period);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogMonthFailed(ex, period.ToString());
                failed.Add((period, ex));
            }
        }

        if (failed.Count > 0)
        {
            throw new AggregateException($"Recomputing {string.Join(", ", failed.Select(f => f.Period))} failed; they stay pending.", failed.Select(f => f.Error));
        }

        return done;
    }

    /// <summary>Whether a run's computation was switched in, or why not.</summary>
    private enum Inputs
    {
        Stable,
        BeingWritten,
        Changed,
    }

    private async Task<(Inputs State, IReadOnlyList<PeriodAggregation> Computed)> ComputeAsync(Period period, PendingMark? seen, CancellationToken cancellationToken)
    {
        // Stamped with when the inputs (typed or record figures) last changed, not when this run
        // happened: re-running with the same inputs writes byte-identical rows.
        var updatedAt = await figures.LastChangedAsync(period, cancellationToken).ConfigureAwait(false)
            ?? ObservationEntities.PeriodStart(period);
        // The registry, catalog and targets in force now (an administrator may have replaced them).
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var served = await versions.GetAsync(period, cancellationToken).ConfigureAwait(false);
        var version = MonthVersions.NewVersion(time.GetUtcNow());
        var aggregator = new PeriodAggregator(reference);
        var comparable = new ComparableFigures(reference);

        // Comparable figures are stated for the structure in force today, from the day it began.
        var asOf = reference.StructureSince(time.VietnamToday());
        var computed = new List<PeriodAggregation>();
        var discrepancies = new List<ReportDiscrepancy>();
        foreach (var indicator in reference.Indicators.Indicators)
        {
            var current = await figures.ReadAsync(period, indicator, cancellationToken).ConfigureAwait(false);
            var previous = await figures.ReadAsync(period.Previous, indicator, cancellationToken).ConfigureAwait(false);
            var aggregation = aggregator.Aggregate(period, indicator, current.Current, previous.Current);
            await results.SaveAsync(aggregation, updatedAt, version, cancellationToken).ConfigureAwait(false);
            await results.SaveComparableAsync(comparable.Compute(period, indicator, current.Current, asOf), updatedAt, version, cancellationToken).ConfigureAwait(false);
            computed.Add(aggregation);
            discrepancies.AddRange(current.Discrepancies());
        }

        await discrepancyStore.SaveAsync(discrepancies, updatedAt, version, cancellationToken).ConfigureAwait(false);

        var reporting = await timeliness.RecordAsync(period, reference, updatedAt, version, cancellationToken).ConfigureAwait(false);
        var bulletin = new BulletinComposer(reference).Compose(period, computed, reporting, discrepancies, time.GetUtcNow());
        await bulletinStore.SaveAsync(period, bulletin, updatedAt, version, cancellationToken).ConfigureAwait(false);

        // Not switched in while an upload writes the month's values, nor when one marked it during the
        // run: its rows could mix two states of the inputs. They are never served; the next run removes them.
        if (await requests.IsBeingWrittenAsync(period, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return (Inputs.BeingWritten, []);
        }

        if ((await requests.PendingMarkAsync(period, cancellationToken).ConfigureAwait(false))?.ETag != seen?.ETag)
        {
            return (Inputs.Changed, []);
        }

        // One write switches what readers see. A crash before it leaves rows no reader is given,
        // removed by the next run; a refused switch means another run took the month over.
        var switched = await versions.SwitchAsync(period, version, served, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The served version of {period} changed during this run; the run that changed it holds the month now.");

        // Versions served lately stay for readers still paging through them; older ones and those of
        // runs that never switched in go. A crash here leaves extra rows the next run removes.
        await results.RetireAsync(period, switched.Readable, cancellationToken).ConfigureAwait(false);
        await bulletinStore.RetireAsync(period, switched.Readable, cancellationToken).ConfigureAwait(false);
        LogRecalculated(period.ToString(), computed.Sum(c => c.Units.Count));
        return (Inputs.Stable, computed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recalculated {Period}: {UnitResults} unit results")]
    private partial void LogRecalculated(string period, int unitResults);

    [LoggerMessage(Level = LogLevel.Information, Message = "An upload is writing values of {Period}; its computation is not switched in and the month stays pending")]
    private partial void LogBeingWritten(string period);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Period} is being recomputed by another run; this request stays pending")]
    private partial void LogBusy(string period);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Period} was marked again during round {Round}: its inputs changed, computing again")]
    private partial void LogInputsChanged(string period, int round);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recomputing {Period} failed; it stays pending for the next run")]
    private partial void LogMonthFailed(Exception exception, string period);
}
