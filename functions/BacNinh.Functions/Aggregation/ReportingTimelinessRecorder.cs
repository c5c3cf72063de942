using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Timeliness;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Computes and writes a month's reporting timeliness within its recomputation (same version, same switch):
/// the values' history of the month and the 11 before it, the month's uploads and the deadlines in force.
/// </summary>
public sealed class ReportingTimelinessRecorder(TimelinessInputs inputs, ReportingTimelinessStore store)
{
    public async Task<IReadOnlyList<UnitTimeliness>> RecordAsync(Period period, ReferenceData reference, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        var arrivals = await inputs.ListArrivalsAsync(ReportingTimelinessCalculator.MonthsNeeded(period), cancellationToken).ConfigureAwait(false);
        var uploads = await inputs.ListUploadsAsync(period, cancellationToken).ConfigureAwait(false);
        var rows = new ReportingTimelinessCalculator(reference, reference.Deadlines).Compute(period, arrivals, uploads);
        await store.SaveAsync(period, rows, updatedAt, version, cancellationToken).ConfigureAwait(false);
        return rows;
    }
}
