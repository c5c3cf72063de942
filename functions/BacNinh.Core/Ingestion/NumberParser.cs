using System.Globalization;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// Reads numbers the way Vietnamese offices write them: Excel numbers, percent-formatted cells,
/// and text such as <c>96,25%</c>, <c>96.25</c>, <c>1.234</c> (thousands) or <c>1 234</c>.
/// </summary>
public static class NumberParser
{
    /// <summary>A count: a whole, non-negative-or-negative number. "1.234" and "1,234" are thousands.</summary>
    public static bool TryParseCount(object? value, out long count)
    {
        count = 0;
        switch (value)
        {
            case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d % 1) < 1e-9 && Math.Abs(d) < 1e15:
                count = (long)Math.Round(d);
                return true;
            case decimal m when m % 1 == 0 && m is >= long.MinValue and <= long.MaxValue:
                count = (long)m;
                return true;
            case long l:
                count = l;
                return true;
            case int i:
                count = i;
                return true;
            case string s:
                return TryParseCountText(s, out count);
            default:
                return false;
        }
    }

    /// <summary>A rate in percent. Percent-formatted cells (0.9625 shown as 96,25 %) are scaled to 96.25.</summary>
    public static bool TryParseRate(object? value, string? numberFormat, out decimal rate)
    {
        rate = 0;
        switch (value)
        {
            // Past 1e20 a number is no rate and would overflow decimal (1e300 in a cell is a NOT_A_NUMBER, not a crash).
            case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e20:
                rate = (decimal)d;
                if (numberFormat is not null && numberFormat.Contains('%', StringComparison.Ordinal))
                {
                    rate *= 100;
                }

                return true;
            case decimal m:
                rate = m;
                return true;
            case string s:
                return TryParseRateText(s, out rate);
            default:
                return false;
        }
    }

    private static bool TryParseCountText(string text, out long count)
    {
        count = 0;
        var t = Clean(text);
        if (t.Length == 0)
        {
            return false;
        }

        var negative = t[0] == '-';
        if (negative)
        {
            t = t[1..];
        }

        // Separators in a count can only group thousands: 1.234, 1,234, 1.234.567.
        if (t.Contains('.', StringComparison.Ordinal) || t.Contains(',', StringComparison.Ordinal))
        {
            var groups = t.Split('.', ',');
            if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                return false;
            }

            t = string.Concat(groups);
        }

        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return false;
        }

        count = negative ? -count : count;
        return true;
    }

    private static bool TryParseRateText(string text, out decimal rate)
    {
        rate = 0;
        var t = Clean(text);
        var percentSign = t.EndsWith('%');
        if (percentSign)
        {
            t = t[..^1].TrimEnd();
        }

        if (t.Length == 0)
        {
            return false;
        }

        // One separator in a rate is the decimal point, whichever the clerk typed.
        var dots = t.Count(c => c == '.');
        var commas = t.Count(c => c == ',');
        if (dots + commas > 1)
        {
            return false;
        }

        t = t.Replace(',', '.');
        return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate);
    }

    private static string Clean(string text) =>
        new([.. text.Trim().Where(c => !char.IsWhiteSpace(c) && c != '\u00A0')]);
}
