using BacNinh.Core.Periods;

namespace BacNinh.Core.Aggregation;

/// <summary>Everything computed for one period and indicator.</summary>
public sealed record PeriodAggregation(
    Period Period,
    string IndicatorCode,
    IReadOnlyList<UnitResult> Units,
    IReadOnlyList<AggregateResult> Tiers,
    IReadOnlyList<AggregateResult> Groups,
    IReadOnlyList<MissingReport> Missing);
