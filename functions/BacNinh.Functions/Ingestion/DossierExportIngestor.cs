using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Uploads;

namespace BacNinh.Functions.Ingestion;

/// <summary>
/// Ingests an upload that is a one-stop-shop export (§2b): its rows stream into the dossier records
/// as they are read (memory does not grow with the rows), then each month received is recounted
/// into its record figures. Every month whose figures may change is marked pending before anything
/// that changes it is written: a month received or resolved before its first dossier row, the
/// months of a contribution before it is replaced (<see cref="DossierRecount"/>). A crash anywhere
/// leaves the marks, and the next attempt rewrites the same rows and recounts again.
/// </summary>
public sealed class DossierExportIngestor(DossierRecordStore records, DossierRecount recount, AggregationRequests aggregation, UploadAttempts attempts, TimeProvider time)
{
    /// <summary>Recounts one export may cause (its months and those it moves dossiers out of) before it is taken for a fault.</summary>
    private const int MaxRecounts = 1_000;

    /// <summary>The export's outcome and the months marked, or null when the file is not an export (nothing was written).</summary>
    public async Task<DossierIngestion?> TryIngestAsync(Stream content, UploadVersion version, ReferenceData reference, UploadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(limits);
        var marked = new HashSet<Period>();
        var gate = new SemaphoreSlim(1, 1);
        async Task MarkAsync(IReadOnlyCollection<Period> months, CancellationToken token)
        {
            await gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                // Noted for the upload first: if it is set aside, these are the months whose rows are taken back.
                await attempts.NotePeriodsAsync(version.UploadId, months.Where(m => !marked.Contains(m)), token).ConfigureAwait(false);
                foreach (var month in months.Where(m => !marked.Contains(m)).Order())
                {
                    await aggregation.MarkAsync(month, recomputeNext: true, token).ConfigureAwait(false);
                    marked.Add(month);
                }
            }
            finally
            {
                gate.Release();
            }
        }

        using (gate)
        {
            var parser = new DossierExportParser(reference, time, DossierLimits.For(limits));
            var writer = records.OpenWriter(version, MarkAsync, cancellationToken);
            await using (writer.ConfigureAwait(false))
            {
                // The parser is synchronous and its sink waits while storage catches up: it reads on a pool thread.
                var export = await Task.Run(() => parser.TryParse(content, version.Path, writer.Add), cancellationToken).ConfigureAwait(false);
                if (export is null)
                {
                    return null;
                }

                await writer.CompleteAsync().ConfigureAwait(false);

                // A file rejected part-way (a read failure after some rows) keeps none of its rows.
                var discard = export.RowsAccepted == 0 ? version.UploadId : null;
                var recounted = await RecountAsync(writer.ReceivedPeriods, reference, version, discard, cancellationToken).ConfigureAwait(false);

                List<string> indicators = [];
                if (export.RowsAccepted > 0)
                {
                    if (writer.AnyChannel)
                    {
                        indicators.Add(DossierTally.OnlineDossiers);
                    }

                    if (writer.AnyDigitized)
                    {
                        indicators.Add(DossierTally.Digitized);
                    }

                    if (writer.AnyOnTime)
                    {
                        indicators.Add(DossierTally.OnTime);
                    }
                }

                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                var months = marked.Union(recounted).Order().ToList();
                gate.Release();
                return new DossierIngestion(export, [.. writer.ReceivedPeriods.Order()], months, [.. indicators.Order(StringComparer.Ordinal)]);
            }
        }
    }

    /// <summary>
    /// Takes back every row an export set aside (PROCESSING_FAILED) may have stored, in each month its
    /// attempts noted before writing (<see cref="UploadAttempts.NotePeriodsAsync"/>), and recounts those
    /// months; returns the months whose figures may change.
    /// </summary>
    public async Task<IReadOnlyCollection<Period>> DiscardAsync(UploadVersion version, ReferenceData reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(reference);
        var months = await attempts.NotedPeriodsAsync(version.UploadId, cancellationToken).ConfigureAwait(false);
        return months.Count == 0 ? [] : await RecountAsync(months, reference, version, version.UploadId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each month given, then each other month found counting a dossier moved out of it; the months whose figures may change.</summary>
    private async Task<HashSet<Period>> RecountAsync(IEnumerable<Period> months, ReferenceData reference, UploadVersion version, string? discard, CancellationToken cancellationToken)
    {
        var recounted = new HashSet<Period>();
        var toRecount = new Queue<Period>(months.Order());
        for (var rounds = 0; toRecount.TryDequeue(out var month); rounds++)
        {
            if (rounds == MaxRecounts)
            {
                throw new InvalidOperationException($"Recounting the months of {version.BlobPath} did not settle after {MaxRecounts} recounts.");
            }

            var result = await recount.RecountAsync(month, reference.Units, version.UploadId, discard, cancellationToken).ConfigureAwait(false);
            recounted.UnionWith(result.Changed);
            foreach (var other in result.Displaced.Where(m => !toRecount.Contains(m)).Order())
            {
                toRecount.Enqueue(other);
            }
        }

        return recounted;
    }
}

/// <summary>
/// One export ingested: what the parser found, the months dossiers were received in, every month
/// marked pending (to be asked for once the report is written) and the indicators it gave figures for.
/// </summary>
public sealed record DossierIngestion(DossierExport Export, IReadOnlyList<Period> ReceivedPeriods, IReadOnlyList<Period> MarkedPeriods, IReadOnlyList<string> Indicators);
