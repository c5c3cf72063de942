using BacNinh.Core.Periods;

namespace BacNinh.Core.Timeliness;

/// <summary>
/// One value as an upload carried it (a row of the value history): which unit, month and indicator,
/// which upload and when storage accepted it, and the figures, to tell a correction from a repeat.
/// </summary>
public sealed record ValueArrival(
    Period Period,
    string IndicatorCode,
    string UnitCode,
    string UploadId,
    DateTimeOffset UploadedAt,
    long? Numerator,
    long? Denominator,
    decimal? Rate);
