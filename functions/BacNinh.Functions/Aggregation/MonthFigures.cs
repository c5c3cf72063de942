using BacNinh.Core.Aggregation;
using BacNinh.Core.Ingestion;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// One indicator's figures for a month: as typed by agencies, as counted from dossier records, and the
/// current one per unit that aggregation counts (<see cref="CurrentObservations"/>).
/// </summary>
public sealed record MonthFigures(IReadOnlyList<UnitObservation> Current, IReadOnlyList<UnitObservation> Typed, IReadOnlyList<UnitObservation> Records)
{
    /// <summary>Where the typed rate and the record rate of a unit are more than a point apart (§2b).</summary>
    public IReadOnlyList<ReportDiscrepancy> Discrepancies() => ReportDiscrepancies.Find(Typed, Records);
}
