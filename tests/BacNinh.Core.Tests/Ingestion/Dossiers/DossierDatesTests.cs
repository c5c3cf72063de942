using BacNinh.Core.Ingestion.Dossiers;

namespace BacNinh.Core.Tests.Ingestion.Dossiers;

/// <summary>
/// Dates written as text in an export: the system's own layouts (read at fixed places), the other accepted
/// forms, a blank, and what is not a date (a day, month or time that does not exist, letters among the digits).
/// </summary>
public sealed class DossierDatesTests
{
    [Theory]
    [InlineData("05/08/2023", 2023, 8, 5, 0, 0, 0)]
    [InlineData("05/08/2023 07:30:15", 2023, 8, 5, 7, 30, 15)]
    [InlineData("  29/02/2024 23:59:59 ", 2024, 2, 29, 23, 59, 59)]
    [InlineData("31/12/2023 00:00:00", 2023, 12, 31, 0, 0, 0)]
    [InlineData("5/8/2023", 2023, 8, 5, 0, 0, 0)]
    [InlineData("5/8/2023 7:30", 2023, 8, 5, 7, 30, 0)]
    [InlineData("05/08/2023 07:30", 2023, 8, 5, 7, 30, 0)]
    [InlineData("05-08-2023", 2023, 8, 5, 0, 0, 0)]
    [InlineData("05.08.2023", 2023, 8, 5, 0, 0, 0)]
    [InlineData("2023-08-05", 2023, 8, 5, 0, 0, 0)]
    [InlineData("2023-08-05T07:30:15", 2023, 8, 5, 7, 30, 15)]
    public void AcceptedFormsGiveTheirDate(string text, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(DossierDates.TryParse(text, out var date));
        Assert.Equal(new DateTime(year, month, day, hour, minute, second), date);
    }

    [Theory]
    [InlineData("31/02/2023")]
    [InlineData("29/02/2023")]
    [InlineData("05/13/2023")]
    [InlineData("00/08/2023")]
    [InlineData("05/00/2023")]
    [InlineData("05/08/0000")]
    [InlineData("05/08/2023 24:00:00")]
    [InlineData("05/08/2023 07:60:00")]
    [InlineData("05/08/2023 07:30:60")]
    [InlineData("0a/08/2023")]
    [InlineData("05/08/20x3")]
    [InlineData("05/08/2023 07:3a:15")]
    [InlineData("05/08/2023 07:30:15x")]
    [InlineData("05/08/23")]
    [InlineData("hôm qua")]
    public void WhatIsNotADateIsRejected(string text)
    {
        Assert.False(DossierDates.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ABlankFieldIsNoDate(string text)
    {
        Assert.True(DossierDates.TryParse(text, out var date));
        Assert.Null(date);
    }
}
