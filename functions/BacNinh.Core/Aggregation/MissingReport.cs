using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Aggregation;

/// <summary>A unit the registry expected to report for a month that did not.</summary>
public sealed record MissingReport(
    Period Period,
    string IndicatorCode,
    Tier Tier,
    string UnitCode,
    string UnitName,
    string? ParentCode,
    string? ParentName);
