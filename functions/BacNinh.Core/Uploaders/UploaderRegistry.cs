using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Uploaders;

/// <summary>
/// Who may upload, where to and for which units (contract §3a). Reference data like the unit
/// registry: the default is generated from the units so the two never drift; an administrator
/// replaces it with <c>uploaders.csv</c>.
/// </summary>
public sealed class UploaderRegistry
{
    private readonly Dictionary<string, Uploader[]> _byFolder;

    public UploaderRegistry(IEnumerable<Uploader> uploaders)
    {
        ArgumentNullException.ThrowIfNull(uploaders);
        All = [.. uploaders];
        _byFolder = All.GroupBy(u => u.Folder, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<Uploader> All { get; }

    /// <summary>
    /// The default registry: every unit its own folder (its code in lower case), scope <c>self</c>;
    /// districts <c>children</c>; the coordinating departments (reference data: the folder follows the
    /// agency holding the function in each month, <c>so-tttt</c> then <c>so-khcn</c>) scope <c>all</c>.
    /// </summary>
    public static UploaderRegistry DefaultFor(UnitRegistry units, IEnumerable<Uploader> coordinators)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(coordinators);
        var entries = units.All.Select(u => new Uploader(
            u.Code.ToLowerInvariant(), u.Code, null, u.Tier == Tier.District ? UploaderScope.Children : UploaderScope.Self, u.ValidFrom, u.ValidTo));
        return new UploaderRegistry([.. entries, .. coordinators]);
    }

    /// <summary>The coordinating uploader (scope <c>all</c>) in force during <paramref name="period"/>, or null.</summary>
    public Uploader? CoordinatorFor(Period period) => All.FirstOrDefault(u => u.Scope == UploaderScope.All && u.IsValidIn(period));

    /// <summary>The entry for a folder in force on <paramref name="date"/>, or null.</summary>
    public Uploader? FindOn(string folder, DateOnly date) =>
        _byFolder.TryGetValue(folder, out var entries) ? Array.Find(entries, e => e.IsValidOn(date)) : null;

    /// <summary>True when some entry, of any validity, has this folder.</summary>
    public bool HasFolder(string folder) => _byFolder.ContainsKey(folder);

    /// <summary>The entry for a folder in force during <paramref name="period"/>, or null.</summary>
    public Uploader? Find(string folder, Period period) =>
        _byFolder.TryGetValue(folder, out var entries) ? Array.Find(entries, e => e.IsValidIn(period)) : null;

    /// <summary>The entries whose Entra ID group is one of <paramref name="groupIds"/>, in force on <paramref name="date"/>.</summary>
    public IReadOnlyList<Uploader> ForGroups(IEnumerable<string> groupIds, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var groups = groupIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. All.Where(u => u.GroupId is { Length: > 0 } g && groups.Contains(g) && u.IsValidOn(date))];
    }
}
