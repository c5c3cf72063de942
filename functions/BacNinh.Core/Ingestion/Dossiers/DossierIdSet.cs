namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// The dossier ids met so far in one file, as 64-bit hashes of the id (trimmed, case folded): a
/// million ids cost a few tens of MiB instead of their text. Two ids colliding (odds about 1 in
/// 10⁷ at a million ids) would report the second as a duplicate.
/// </summary>
public sealed class DossierIdSet
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private readonly HashSet<ulong> _seen = [];

    public int Count => _seen.Count;

    /// <summary>Adds the id; false when it was met before.</summary>
    public bool Add(ReadOnlySpan<char> id) => _seen.Add(Hash(id));

    /// <summary>FNV-1a over the folded characters: stable, allocation-free.</summary>
    public static ulong Hash(ReadOnlySpan<char> id)
    {
        var hash = Offset;
        foreach (var c in id.Trim())
        {
            var folded = char.ToUpperInvariant(c);
            hash = (hash ^ (byte)folded) * Prime;
            hash = (hash ^ (byte)(folded >> 8)) * Prime;
        }

        return hash;
    }
}
