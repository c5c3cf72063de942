using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

namespace BacNinh.Core.Tests;

/// <summary>Unit observations as ingestion would produce them, for aggregation and bulletin tests.</summary>
internal static class UnitRows
{
    public static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    public static readonly Period August2023 = new(2023, 8);

    /// <summary>A row with counts (rate computed, none when the denominator is 0) or, with null counts, only a rate.</summary>
    public static UnitObservation Row(string indicator, string unit, long? numerator, long? denominator, decimal? rate = null, Period? period = null)
    {
        var p = period ?? August2023;
        var u = Reference.Units.For(p).FindByCode(unit) ?? throw new ArgumentException($"No unit {unit} in {p}.", nameof(unit));
        var computed = numerator is { } n && denominator is { } d ? (d == 0 ? null : 100m * n / d) : rate;
        return new UnitObservation(p, indicator, u.Code, u.FullName, u.Tier, u.ParentCode, numerator, denominator, computed, new Dictionary<string, long>(), "s", 1);
    }
}
