using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Recounts the dossiers received in one month (the current record of each id) into that month's
/// contribution to the record figures (<see cref="DossierFigureStore"/>). Runs again when dossiers of
/// the month were written while it counted, so the last recount to finish counted them all.
/// </summary>
public class DossierRecount(DossierRecordStore records, DossierFigureStore figures, TimeProvider time)
{
    /// <summary>Recounts in a row before giving up (another upload kept writing the month); the caller's attempt then fails and is retried.</summary>
    private const int MaxRounds = 10;

    /// <summary>
    /// Recounts <paramref name="received"/>. <paramref name="beforeChange"/> is awaited with every month
    /// whose figures the new contribution may change (those it had and those it will have) before it
    /// is written; the same months are returned.
    /// </summary>
    public virtual async Task<IReadOnlyCollection<Period>> RecountAsync(Period received, UnitRegistry units, string? discardUploadId,
        Func<IReadOnlyCollection<Period>, CancellationToken, Task> beforeChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(beforeChange);
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
            await beforeChange(months, cancellationToken).ConfigureAwait(false);
            changed.UnionWith(months);
            await figures.ReplaceContributionAsync(received, observations, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
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
