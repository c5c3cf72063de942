using System.Globalization;

namespace BacNinh.Core.Bulletins;

/// <summary>Numbers written the Vietnamese way: <c>96,25%</c>, <c>1.234</c>; rounding happens only here, for display.</summary>
public static class VietnameseNumber
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>A rate with up to two decimals: 96,25% · 66,7% · 100%.</summary>
    public static string Percent(decimal rate) =>
        Math.Round(rate, 2, MidpointRounding.AwayFromZero).ToString("#,##0.##", Vietnamese) + "%";

    /// <summary>A change in percentage points, as the bulletin says it: "tăng 12,93%" / "giảm 1,5%".</summary>
    public static string Change(decimal points)
    {
        var rounded = Math.Round(points, 2, MidpointRounding.AwayFromZero);
        return rounded switch
        {
            > 0 => "tăng " + Percent(rounded),
            < 0 => "giảm " + Percent(-rounded),
            _ => "không đổi",
        };
    }

    /// <summary>Counts in lists are written with two digits: "07 cơ quan", "02/08 địa phương".</summary>
    public static string Count(int value) => value.ToString("00", CultureInfo.InvariantCulture);
}
