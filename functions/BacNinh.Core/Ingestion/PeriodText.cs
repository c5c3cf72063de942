using System.Globalization;
using System.Text.RegularExpressions;
using BacNinh.Core.Periods;

namespace BacNinh.Core.Ingestion;

/// <summary>Finds a reporting month in free text: <c>Tháng 8/2023</c>, <c>tháng 08 năm 2023</c>, <c>T8/2023</c>, <c>2023-08</c>.</summary>
public static partial class PeriodText
{
    public static bool TryFind(string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var folded = Units.UnitNameKey.Fold(text);
        if (Period.TryParse(folded.Trim(), out period))
        {
            return true;
        }

        var match = MonthYear().Match(folded);
        if (match.Success)
        {
            var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12)
            {
                period = new Period(year, month);
                return true;
            }
        }

        // A "Tháng" column often holds just "8/2023" or "08-2023".
        var bare = BareMonthYear().Match(folded);
        if (bare.Success && int.Parse(bare.Groups["m"].Value, CultureInfo.InvariantCulture) is var m and >= 1 and <= 12)
        {
            period = new Period(int.Parse(bare.Groups["y"].Value, CultureInfo.InvariantCulture), m);
            return true;
        }

        var iso = IsoMonth().Match(folded);
        return iso.Success && Period.TryParse(iso.Value, out period);
    }

    [GeneratedRegex(@"(?:\bthang|\bt)\s*(?<m>\d{1,2})\s*(?:/|-|\.|nam)\s*(?<y>20\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"^\s*(?<m>\d{1,2})\s*[/.-]\s*(?<y>20\d{2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BareMonthYear();

    [GeneratedRegex(@"\b20\d{2}-(?:0[1-9]|1[0-2])\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoMonth();
}
