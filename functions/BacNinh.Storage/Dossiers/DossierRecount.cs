using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Recounts the dossiers received in one month (the current record of each id) into that month's
/// contribution to the record figures (<see cref="DossierFigureStore"/>). Runs again when dossiers of
/// the month were written while it counted, so the last recount to finish counted them all. The
/// contribution is replaced as any upload writes inputs (<see cref="AggregationRequests.WriteInputsAsync"/>):
/// every month it may change marked, and none switched in while it is half-written.
/// </summary>
public class DossierRecount(DossierRecordStore records, DossierFigureStore figures, AggregationRequests aggregation, TimeProvider time)
{
    /// <summary>Recounts in a row before giving up (another upload kept writing the month); the caller's attempt then fails and is retried.</summary>
    private const int MaxRounds = 10;

    /// <summary>
    /// Recounts <paramref name="received"/> for the upload <paramref name="writerId"/>: every month whose
    /// figures the new contribution may change (those it had and those it has), and the other months
    /// received that count a dossier whose newest row is not theirs (to be recounted in turn).
    /// </summary>
    public virtual async Task<DossierRecounted> RecountAsync(Period received, UnitRegistry units, string writerId, string? discardUploadId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        var changed = new HashSet<Period>();
        var displaced = new HashSet<Period>();
        for (var round = 1; ; round++)
        {
            var tag = await records.ChangeTagAsync(received, cancellationToken).ConfigureAwait(false);
            var tally = new DossierTally();
            var scan = await records.ReadCurrentAsync(received, units, discardUploadId, tally.Add, cancellationToken).ConfigureAwait(false);
            displaced.UnionWith(scan.Displaced);
            if (scan.MovedOut)
            {
                // A dossier counted here moved to another month: the tally is not this month's, read it again.
                await records.MarkChangedAsync(received, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                changed.UnionWith(await ReplaceAsync(received, tally, writerId, cancellationToken).ConfigureAwait(false));
            }

            if (!scan.MovedOut && await records.ChangeTagAsync(received, cancellationToken).ConfigureAwait(false) == tag)
            {
                displaced.Remove(received);
                return new DossierRecounted(changed, displaced);
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"The dossiers received in {received} kept changing during {MaxRounds} recounts.");
            }
        }
    }

    /// <summary>The month's contribution replaced by <paramref name="tally"/>'s; the months it may change.</summary>
    private async Task<HashSet<Period>> ReplaceAsync(Period received, DossierTally tally, string writerId, CancellationToken cancellationToken)
    {
        var observations = tally.Observations("records");
        var months = observations.Select(o => o.Period)
            .Concat(await figures.ContributedPeriodsAsync(received, cancellationToken).ConfigureAwait(false))
            .Append(received)
            .ToHashSet();
        await aggregation.WriteInputsAsync(months, writerId,
            token => figures.ReplaceContributionAsync(received, observations, time.GetUtcNow(), token), cancellationToken).ConfigureAwait(false);
        return months;
    }
}

/// <summary>
/// A month recounted: the months whose figures its new contribution may change, and the other months
/// received found counting a dossier that is no longer theirs (recount them too).
/// </summary>
public sealed record DossierRecounted(IReadOnlyCollection<Period> Changed, IReadOnlyCollection<Period> Displaced);
