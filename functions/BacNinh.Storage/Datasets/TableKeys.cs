using System.Text;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Partition and row keys. Periods lead so that a month range is a key range; anything that
/// came from a file is made safe for Table Storage (no <c>/ \ # ?</c>, no control characters).
/// </summary>
public static class TableKeys
{
    /// <summary>Sorts after every character used in indicator codes, to close a period's key range.</summary>
    public const char PeriodRangeEnd = '~';

    public static string PeriodIndicator(Period period, string indicatorCode) => $"{period}_{Safe(indicatorCode)}";

    /// <summary>Keys of every partition of the months <paramref name="from"/>..<paramref name="to"/>: <c>[from, to~)</c>.</summary>
    public static (string From, string To) PeriodRange(Period from, Period to) => (from.ToString(), $"{to}{PeriodRangeEnd}");

    public static string Safe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
