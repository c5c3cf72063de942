using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Timeliness;

/// <summary>
/// A unit's reporting for a month (a row of <c>ReportingTimeliness</c>). <see cref="OnTimeShare"/> is the
/// percentage of the last 12 months (this one included) the unit was expected in that it reported on time.
/// </summary>
public sealed record UnitTimeliness(
    Period Period,
    string UnitCode,
    string UnitName,
    Tier Tier,
    string? ParentCode,
    string? ParentName,
    DateTimeOffset Deadline,
    DateTimeOffset? FirstUploadAt,
    DateTimeOffset? LastUploadAt,
    bool OnTime,
    int? DaysLate,
    int Corrections,
    int RowsRejected,
    bool Missing,
    decimal? OnTimeShare);
