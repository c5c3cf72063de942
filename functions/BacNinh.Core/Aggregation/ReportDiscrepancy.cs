using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Aggregation;

/// <summary>A unit-month-indicator whose typed rate and record rate differ by more than the tolerance (§2b).</summary>
public sealed record ReportDiscrepancy(
    Period Period,
    string IndicatorCode,
    string UnitCode,
    string UnitName,
    Tier Tier,
    decimal ReportedRate,
    decimal RecordRate,
    long? ReportedNumerator,
    long? ReportedDenominator,
    long RecordNumerator,
    long RecordDenominator)
{
    /// <summary>Typed minus record, in percentage points.</summary>
    public decimal DifferencePoints => ReportedRate - RecordRate;
}
