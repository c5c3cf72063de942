namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// Reads an export's text dates as <see cref="DossierDates"/> does, remembering the days met in the system's own
/// layout (<c>dd/MM/yyyy[ HH:mm:ss]</c>): three dates a row over a million rows fall on a few hundred days, so a
/// day already checked is not checked and built again, only its time of day is added. One slot per day of the
/// month; a day is remembered only once the general reading has accepted it.
/// </summary>
internal sealed class DossierDays
{
    private readonly int[] _keys = new int[32];
    private readonly DateTime[] _dates = new DateTime[32];

    public bool TryParse(ReadOnlySpan<char> text, out DateTime? date)
    {
        var trimmed = text.Trim();
        if (!Fixed(trimmed, out var key, out var day, out var time))
        {
            return DossierDates.TryParse(trimmed, out date);
        }

        if (_keys[day] == key)
        {
            date = _dates[day].AddTicks(time);
            return true;
        }

        if (!DossierDates.TryParse(trimmed, out date))
        {
            return false;
        }

        (_keys[day], _dates[day]) = (key, date!.Value.Date);
        return true;
    }

    /// <summary>
    /// The date's digits in the fixed layout as one number (ddMMyyyy, never 0), its day, and its time of day in
    /// ticks: false when the text is not in that layout or the time is out of range.
    /// </summary>
    private static bool Fixed(ReadOnlySpan<char> text, out int key, out int day, out long time)
    {
        (key, day, time) = (0, 0, 0);
        if (!(text.Length is 10 or 19) || text[2] != '/' || text[5] != '/'
            || !DossierDates.Digits(text, 0, out day) || !DossierDates.Digits(text, 3, out var month) || !DossierDates.Digits(text, 6, out var century) || !DossierDates.Digits(text, 8, out var year)
            || day is < 1 or > 31)
        {
            return false;
        }

        if (text.Length == 19)
        {
            if (text[10] != ' ' || text[13] != ':' || text[16] != ':'
                || !DossierDates.Digits(text, 11, out var hour) || !DossierDates.Digits(text, 14, out var minute) || !DossierDates.Digits(text, 17, out var second)
                || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            time = (((hour * 60L) + minute) * 60 + second) * TimeSpan.TicksPerSecond;
        }

        key = (((day * 100) + month) * 10_000) + (century * 100) + year;
        return true;
    }
}
