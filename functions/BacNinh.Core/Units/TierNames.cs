namespace BacNinh.Core.Units;

/// <summary>The lower-case tier names of the contract, plus the scope <c>all</c> (toàn tỉnh).</summary>
public static class TierNames
{
    public const string Province = "province";
    public const string District = "district";
    public const string Commune = "commune";
    public const string All = "all";

    public static IReadOnlyList<string> Scopes { get; } = [Province, District, Commune, All];

    public static string ToName(this Tier tier) => tier switch
    {
        Tier.Province => Province,
        Tier.District => District,
        Tier.Commune => Commune,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    public static bool TryParse(string? name, out Tier tier)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "PROVINCE": tier = Tier.Province; return true;
            case "DISTRICT": tier = Tier.District; return true;
            case "COMMUNE": tier = Tier.Commune; return true;
            default: tier = default; return false;
        }
    }

    /// <summary>Vietnamese label used in bulletins and reports.</summary>
    public static string ToVietnamese(this Tier tier) => tier switch
    {
        Tier.Province => "cấp tỉnh",
        Tier.District => "cấp huyện",
        Tier.Commune => "cấp xã",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };
}
