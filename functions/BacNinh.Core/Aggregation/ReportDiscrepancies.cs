using BacNinh.Core.Ingestion;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// Sets typed figures against record figures, unit-month-indicator by unit-month-indicator: both
/// are kept, and those apart by more than <see cref="TolerancePoints"/> are listed, largest first.
/// A typed row with no rate (denominator 0) or a record figure with no dossiers has nothing to compare.
/// </summary>
public static class ReportDiscrepancies
{
    public const decimal TolerancePoints = 1m;

    public static IReadOnlyList<ReportDiscrepancy> Find(IEnumerable<UnitObservation> typed, IEnumerable<UnitObservation> records)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(records);
        var byKey = records
            .Where(r => r.Rate is not null && r.Numerator is not null && r.Denominator is > 0)
            .ToDictionary(r => (r.Period, r.IndicatorCode, r.UnitCode), r => r);
        var found = new List<ReportDiscrepancy>();
        foreach (var reported in typed)
        {
            if (reported.Rate is not { } reportedRate || !byKey.TryGetValue((reported.Period, reported.IndicatorCode, reported.UnitCode), out var record))
            {
                continue;
            }

            var recordRate = record.Rate!.Value;
            if (Math.Abs(reportedRate - recordRate) > TolerancePoints)
            {
                found.Add(new ReportDiscrepancy(reported.Period, reported.IndicatorCode, reported.UnitCode, record.UnitName, record.Tier,
                    reportedRate, recordRate, reported.Numerator, reported.Denominator, record.Numerator!.Value, record.Denominator!.Value));
            }
        }

        return [.. found.OrderByDescending(d => Math.Abs(d.DifferencePoints)).ThenBy(d => d.UnitCode, StringComparer.Ordinal)];
    }
}
