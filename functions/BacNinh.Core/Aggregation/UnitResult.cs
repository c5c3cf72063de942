using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Aggregation;

/// <summary>One reporting unit's figure for a month, with its target, last month's rate and its rank in the tier.</summary>
public sealed record UnitResult(
    Period Period,
    string IndicatorCode,
    Tier Tier,
    string UnitCode,
    string UnitName,
    string? ParentCode,
    string? ParentName,
    long? Numerator,
    long? Denominator,
    decimal? Rate,
    decimal? TargetRate,
    bool? MeetsTarget,
    decimal? PreviousRate,
    decimal? DeltaPoints,
    int? RankInTier,
    IReadOnlyDictionary<string, long> Breakdowns);
