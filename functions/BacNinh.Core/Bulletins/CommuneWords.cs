using BacNinh.Core.Units;

namespace BacNinh.Core.Bulletins;

/// <summary>
/// How the bulletin names a month's commune tier: "xã, phường, thị trấn" while there are thị trấn,
/// "xã, phường" once the 2025 structure has none; read from the names of the month's units.
/// </summary>
public static class CommuneWords
{
    private static readonly string[] Kinds = ["Xã", "Phường", "Thị trấn"];

    public static string Of(UnitDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var names = directory.InTier(Tier.Commune).Select(u => u.FullName).ToList();
        var present = Kinds.Where(k => names.Any(n => n.StartsWith(k + " ", StringComparison.OrdinalIgnoreCase))).Select(k => k.ToLowerInvariant()).ToList();
        return present.Count == 0 ? "xã, phường, thị trấn" : string.Join(", ", present);
    }
}
