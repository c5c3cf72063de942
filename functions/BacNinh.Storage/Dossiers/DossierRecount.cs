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
    /// Recounts <paramref name="received"/> for the upload <paramref name="writerId"/> and returns every
    /// month whose figures the new contribution may change (those it had and those it has).
    /// </summary>
    public virtual async Task<IReadOnlyCollection<Period>> RecountAsync(Period received, UnitRegistry units, string writerId, string? discardUploadId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        var changed = new HashSet<Period>();
        for (var round = 1; ; round++)
        {
            var tag = await records.ChangeTagAsync(received, cancellationToken).ConfigureAwait(false);
            var tally = new DossierTally();
            await records.ReadCurrentAsync(received, units, discardUploadId, tally.Add, cancellationToken).ConfigureAwait(false);
            var observations = tally.Observations("records");
            var months = observations.Select(o => o.Period)
                .Concat(await figures.ContributedPeriodsAsync(received, cancellationToken).ConfigureAwait(false))
                .Append(received)
                .ToHashSet();
            changed.UnionWith(months);
            await aggregation.WriteInputsAsync(months, writerId,
                token => figures.ReplaceContributionAsync(received, observations, time.GetUtcNow(), token), cancellationToken).ConfigureAwait(false);
            if (await records.ChangeTagAsync(received, cancellationToken).ConfigureAwait(false) == tag)
            {
                return changed;
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"The dossiers received in {received} kept changing during {MaxRounds} recounts.");
            }
        }
    }
}
