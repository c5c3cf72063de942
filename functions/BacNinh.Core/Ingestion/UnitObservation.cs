using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// One unit's figures for one indicator and month, as accepted from an upload.
/// <see cref="Rate"/> is null when the denominator is 0: the unit reported but has no rate.
/// </summary>
public sealed record UnitObservation(
    Period Period,
    string IndicatorCode,
    string UnitCode,
    string UnitName,
    Tier Tier,
    string? ParentCode,
    long? Numerator,
    long? Denominator,
    decimal? Rate,
    IReadOnlyDictionary<string, long> Breakdowns,
    string Sheet,
    int Row);
