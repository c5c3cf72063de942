using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BacNinh.Core.Periods;

/// <summary>A reporting month, written <c>yyyy-MM</c> everywhere it is stored or served.</summary>
public readonly record struct Period(int Year, int Month) : IComparable<Period>
{
    public DateOnly Start => new(Year, Month, 1);

    public Period Previous => Month == 1 ? new Period(Year - 1, 12) : new Period(Year, Month - 1);

    public Period Next => Month == 12 ? new Period(Year + 1, 1) : new Period(Year, Month + 1);

    public static Period FromDate(DateOnly date) => new(date.Year, date.Month);

    public static Period FromDate(DateTimeOffset instant) => new(instant.Year, instant.Month);

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (yyyy-MM).");

    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is null || text.Length != 7 || text[4] != '-')
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 2000 || year > 2100 || month < 1 || month > 12)
        {
            return false;
        }

        period = new Period(year, month);
        return true;
    }

    public int CompareTo(Period other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
