using System.Text.RegularExpressions;
using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion;

/// <summary>Recognises the non-data rows of agency tables: tier sections and totals.</summary>
public static partial class RowLabel
{
    /// <summary><c>I. CẤP TỈNH</c>, <c>II. Cấp huyện</c>, <c>Cấp xã</c>, <c>Các sở, ban, ngành</c>…</summary>
    public static Tier? SectionTier(string text) => SectionTierOfNormalized(HeaderText.Normalize(text));

    /// <summary><see cref="SectionTier"/> of text already reduced by <see cref="HeaderText.Normalize"/>.</summary>
    public static Tier? SectionTierOfNormalized(ReadOnlySpan<char> normalized)
    {
        // Most rows are units, not sections: the allocation-free test first, the groups only for a section.
        if (!Section().IsMatch(normalized))
        {
            return null;
        }

        return Section().Match(normalized.ToString()).Groups["tier"].Value switch
        {
            "tinh" or "so ban nganh" => Tier.Province,
            "huyen" or "ubnd cac huyen" => Tier.District,
            _ => Tier.Commune,
        };
    }

    /// <summary><c>Tổng cộng</c>, <c>Tổng</c>, <c>Toàn tỉnh</c>, <c>Trung bình</c>, on text already normalized by <see cref="HeaderText.Normalize(string)"/>.</summary>
    public static bool IsTotalNormalized(ReadOnlySpan<char> normalized) => Total().IsMatch(normalized);

    [GeneratedRegex(@"^(?:[ivx]+\s+|[a-d]\s+|\d+\s+)?(?:khoi\s+)?(?:(?:ubnd\s+)?cap\s+(?<tier>tinh|huyen|xa)|cac\s+(?<tier>so ban nganh)|(?:ubnd\s+)?cac\s+(?<tier>huyen|xa)|(?<tier>ubnd cac huyen)|(?<tier>ubnd cac xa))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Section();

    [GeneratedRegex(@"^(?:tong cong|tong so|tong|toan tinh|trung binh|cong|binh quan)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Total();
}
