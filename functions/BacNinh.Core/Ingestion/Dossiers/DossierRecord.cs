using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// One dossier as an export gives it, validated: its id, the receiving unit (resolved in the
/// registry of the month received), dates in Vietnam time, channel and, when the export says,
/// whether it was digitized.
/// </summary>
public sealed record DossierRecord(
    string Id,
    Unit Unit,
    DateTime Received,
    DateTime? Due,
    DateTime? Resolved,
    DossierChannel Channel,
    bool? Digitized,
    int Row)
{
    public Period ReceivedPeriod => PeriodOf(Received);

    public Period? ResolvedPeriod => Resolved is { } r ? PeriodOf(r) : null;

    /// <summary>The month of <paramref name="date"/>, its year and month found in one pass (asked for twice a record).</summary>
    public static Period PeriodOf(DateTime date)
    {
        date.Deconstruct(out var year, out var month, out _);
        return new Period(year, month);
    }

    /// <summary>
    /// Resolved on or before the due date; null while pending or when no due date is given. A due
    /// date without a time of day means the whole of that day.
    /// </summary>
    public bool? OnTime => (Resolved, Due) switch
    {
        ({ } resolved, { } due) when due.TimeOfDay == TimeSpan.Zero => resolved.Date <= due.Date,
        ({ } resolved, { } due) => resolved <= due,
        _ => null,
    };
}
