using BacNinh.Core.Periods;

namespace BacNinh.Core.Units;

/// <summary>The registry as it stood in one period: lookup by code and by name as clerks write it.</summary>
public sealed class UnitDirectory
{
    private readonly Dictionary<string, Unit> _byCode;
    private readonly Dictionary<string, Candidates> _byKey = new(StringComparer.Ordinal);
    private readonly List<(Unit Unit, string[] Keys)> _keysByUnit = [];
    private readonly int _longestCode;

    public UnitDirectory(Period period, IEnumerable<Unit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        Period = period;
        Units = [.. units.OrderBy(u => u.Tier).ThenBy(u => u.Code, StringComparer.Ordinal)];
        _byCode = Units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        _longestCode = Units.Count == 0 ? 0 : Units.Max(u => u.Code.Length);
        foreach (var unit in Units)
        {
            var keys = NamesOf(unit).Select(UnitNameKey.Of).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            _keysByUnit.Add((unit, keys));
            foreach (var key in keys)
            {
                if (!_byKey.TryGetValue(key, out var candidates))
                {
                    _byKey[key] = candidates = new Candidates();
                }

                if (!candidates.Units.Contains(unit))
                {
                    candidates.Units.Add(unit);
                }
            }
        }

        foreach (var candidates in _byKey.Values)
        {
            candidates.Single = candidates.Units.Count == 1 ? new UnitMatch.Found(candidates.Units[0]) : null;
        }
    }

    public Period Period { get; }

    public IReadOnlyList<Unit> Units { get; }

    public IEnumerable<Unit> InTier(Tier tier) => Units.Where(u => u.Tier == tier);

    public bool HasTier(Tier tier) => Units.Any(u => u.Tier == tier);

    public Unit? FindByCode(string? code)
    {
        if (code is null)
        {
            return null;
        }

        // Most names written in a sheet are longer than any code: no need to hash them.
        var trimmed = code.AsSpan().Trim();
        return trimmed.Length <= _longestCode && _byCode.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed, out var unit) ? unit : null;
    }

    /// <summary>
    /// Resolves a name. <paramref name="tier"/> (from the section the row stands in) and
    /// <paramref name="parent"/> (a parent column or the district group row) only narrow
    /// the candidates; a name that still fits several units is ambiguous, never guessed.
    /// </summary>
    public UnitMatch Match(string name, Tier? tier = null, Unit? parent = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Match(WrittenName.Parse(name), tier, parent);
    }

    /// <summary><see cref="Match(string, Tier?, Unit?)"/> for a name parsed once and matched as often as a row needs.</summary>
    public UnitMatch Match(WrittenName name, Tier? tier = null, Unit? parent = null)
    {
        var byCode = FindByCode(name.Text);
        if (byCode is not null)
        {
            return new UnitMatch.Found(byCode);
        }

        var kind = name.Kind;
        if (!_byKey.TryGetValue(name.Key, out var keyed) || keyed.Units.Count == 0)
        {
            return new UnitMatch.NotFound(Suggest(name.Key));
        }

        if (keyed.Single is { } single)
        {
            return single;
        }

        IReadOnlyList<Unit> narrowed = keyed.Units;

        // "Huyện Gia Bình" and "Thị trấn Gia Bình" share a key; the written prefix tells them apart.
        if (kind is { } k && narrowed.Count > 1 && narrowed.Any(u => u.Tier == k))
        {
            narrowed = [.. narrowed.Where(u => u.Tier == k)];
        }
        if (tier is { } t && narrowed.Any(u => u.Tier == t))
        {
            narrowed = [.. narrowed.Where(u => u.Tier == t)];
        }

        if (narrowed.Count > 1 && parent is not null)
        {
            var underParent = narrowed.Where(u => string.Equals(u.ParentCode, parent.Code, StringComparison.OrdinalIgnoreCase)).ToList();
            if (underParent.Count > 0)
            {
                narrowed = underParent;
            }
        }

        return narrowed.Count == 1 ? new UnitMatch.Found(narrowed[0]) : new UnitMatch.Ambiguous(narrowed);
    }

    /// <summary>The units sharing one name key, and their match made once when the key names one unit (most rows of a sheet).</summary>
    private sealed class Candidates
    {
        public List<Unit> Units { get; } = [];

        public UnitMatch.Found? Single { get; set; }
    }

    private static IEnumerable<string> NamesOf(Unit unit)
    {
        yield return unit.FullName;
        if (!string.IsNullOrWhiteSpace(unit.ShortName))
        {
            yield return unit.ShortName;
        }

        foreach (var alias in unit.Aliases)
        {
            yield return alias;
        }
    }

    private IReadOnlyList<string> Suggest(string key) =>
        [.. _keysByUnit
            .Where(u => u.Keys.Length > 0)
            .Select(u => (u.Unit, Distance: u.Keys.Min(k => EditDistance.Between(key, k))))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Unit.FullName, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.Unit.FullName)];
}
