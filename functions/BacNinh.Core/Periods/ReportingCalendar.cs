namespace BacNinh.Core.Periods;

/// <summary>
/// The province's reporting calendar, read from a <see cref="TimeProvider"/>: months turn over at
/// midnight in Vietnam (UTC+7, no daylight saving). Hosts run in UTC (Linux Flex Consumption ignores
/// time-zone settings), so every "which month is it" question goes through here.
/// </summary>
public static class ReportingCalendar
{
    /// <summary>Vietnam's offset from UTC, all year.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>The current time in Vietnam.</summary>
    public static DateTimeOffset VietnamNow(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToOffset(VietnamOffset);
    }

    /// <summary>The date it is in Vietnam.</summary>
    public static DateOnly VietnamToday(this TimeProvider time) => VietnamDate(time.VietnamNow());

    /// <summary>The date in Vietnam at <paramref name="instant"/>, whatever offset it carries.</summary>
    public static DateOnly VietnamDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(VietnamOffset).DateTime);

    /// <summary>The month it is in Vietnam; later months have not happened yet.</summary>
    public static Period CurrentPeriod(this TimeProvider time) => Period.FromDate(time.VietnamNow());

    /// <summary>The month just ended in Vietnam: the one agencies are reporting on.</summary>
    public static Period MonthJustEnded(this TimeProvider time) => time.CurrentPeriod().Previous;

    /// <summary>True on the 1st of a month in Vietnam, the day the month just ended is published.</summary>
    public static bool IsFirstOfMonthInVietnam(this TimeProvider time) => time.VietnamNow().Day == 1;
}
