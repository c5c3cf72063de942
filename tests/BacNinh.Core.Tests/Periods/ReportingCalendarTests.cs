using BacNinh.Core.Periods;
using Microsoft.Extensions.Time.Testing;

namespace BacNinh.Core.Tests.Periods;

public sealed class ReportingCalendarTests
{
    private static FakeTimeProvider At(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void VietnamNowIsSevenHoursAheadOfUtc()
    {
        var now = At("2023-08-31T18:30:00Z").VietnamNow();

        Assert.Equal(TimeSpan.FromHours(7), now.Offset);
        Assert.Equal(new DateTime(2023, 9, 1, 1, 30, 0), now.DateTime);
    }

    [Theory]
    [InlineData("2023-08-31T16:59:59Z", "2023-08")]
    [InlineData("2023-08-31T17:00:00Z", "2023-09")]
    [InlineData("2023-12-31T17:00:00Z", "2024-01")]
    public void CurrentPeriodTurnsOverAtMidnightInVietnam(string utc, string expected)
    {
        Assert.Equal(Period.Parse(expected), At(utc).CurrentPeriod());
    }

    [Theory]
    [InlineData("2023-08-31T17:00:00Z", "2023-08")]
    [InlineData("2023-08-15T00:00:00Z", "2023-07")]
    [InlineData("2023-12-31T18:00:00Z", "2023-12")]
    [InlineData("2024-01-10T00:00:00Z", "2023-12")]
    public void MonthJustEndedIsThePreviousMonthInVietnam(string utc, string expected)
    {
        Assert.Equal(Period.Parse(expected), At(utc).MonthJustEnded());
    }

    [Theory]
    [InlineData("2023-08-31T19:00:00Z", true)]
    [InlineData("2023-09-01T16:59:59Z", true)]
    [InlineData("2023-09-01T17:00:00Z", false)]
    [InlineData("2023-08-31T16:00:00Z", false)]
    public void FirstOfMonthIsTheFirstInVietnamNotInUtc(string utc, bool expected)
    {
        Assert.Equal(expected, At(utc).IsFirstOfMonthInVietnam());
    }

    [Fact]
    public void TheCalendarFollowsTheClockAsItAdvances()
    {
        var time = At("2023-08-31T16:00:00Z");
        Assert.False(time.IsFirstOfMonthInVietnam());

        time.Advance(TimeSpan.FromHours(1));

        Assert.True(time.IsFirstOfMonthInVietnam());
        Assert.Equal(Period.Parse("2023-08"), time.MonthJustEnded());
    }
}
