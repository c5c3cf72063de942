using BacNinh.Core.Periods;

namespace BacNinh.Core.Timeliness;

/// <summary>
/// When a month's report is due, for the months from <see cref="ValidFrom"/> to <see cref="ValidTo"/>:
/// by the end of the given day of the following month, Vietnam time, under the named source document.
/// </summary>
public sealed record ReportingDeadline(DateOnly ValidFrom, DateOnly? ValidTo, int DayOfFollowingMonth, string Source)
{
    public bool IsValidIn(Period period) =>
        ValidFrom <= period.Start && (ValidTo is null || ValidTo.Value >= period.Start);

    /// <summary>The instant the report of <paramref name="period"/> is late from: the start of the day after the due day.</summary>
    public DateTimeOffset DueBy(Period period)
    {
        var next = period.Next.Start;
        var day = Math.Min(DayOfFollowingMonth, DateTime.DaysInMonth(next.Year, next.Month));
        return new DateTimeOffset(next.Year, next.Month, day, 0, 0, 0, ReportingCalendar.VietnamOffset).AddDays(1);
    }

    /// <summary>The due day itself, as the bulletin says it ("hết ngày 05/09/2023").</summary>
    public DateOnly DueDay(Period period) => ReportingCalendar.VietnamDate(DueBy(period).AddDays(-1));
}
