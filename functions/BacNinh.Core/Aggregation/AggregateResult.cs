using BacNinh.Core.Periods;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// Figures over a set of units: a tier (<c>province</c>, <c>district</c>, <c>commune</c>), the scope
/// <c>all</c>, or one district's communes (then <see cref="ParentCode"/> names the district).
/// Rates are null when no unit in the set has one; nothing is divided by zero.
/// </summary>
public sealed record AggregateResult(
    Period Period,
    string IndicatorCode,
    string Tier,
    string? ParentCode,
    string? ParentName,
    int UnitsExpected,
    int UnitsReporting,
    int UnitsWithRate,
    decimal? MeanRate,
    decimal? PooledRate,
    decimal? HeadlineRate,
    decimal? MinRate,
    decimal? MaxRate,
    int UnitsAtFullRate,
    int UnitsMeetingTarget,
    decimal? TargetRate,
    bool? MeetsTarget,
    decimal? PreviousRate,
    decimal? DeltaPoints);
