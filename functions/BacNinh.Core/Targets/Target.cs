using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Targets;

/// <summary>A rate (percent) an indicator must reach, for a tier or one unit, with its legal source.</summary>
public sealed record Target(
    string IndicatorCode,
    Tier Tier,
    string? UnitCode,
    decimal Rate,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    string Source)
{
    public bool IsValidIn(Period period) =>
        ValidFrom <= period.Start && (ValidTo is null || ValidTo.Value >= period.Start);
}
