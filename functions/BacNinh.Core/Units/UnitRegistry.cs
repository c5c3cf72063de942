using BacNinh.Core.Periods;

namespace BacNinh.Core.Units;

/// <summary>Every unit the province has had, each with its validity dates.</summary>
public sealed class UnitRegistry
{
    private readonly IReadOnlyList<Unit> _units;
    private readonly Dictionary<Period, UnitDirectory> _directories = [];
    private readonly Lock _gate = new();

    public UnitRegistry(IEnumerable<Unit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = [.. units];
    }

    public IReadOnlyList<Unit> All => _units;

    /// <summary>The units in force on <paramref name="date"/>.</summary>
    public IEnumerable<Unit> On(DateOnly date) => _units.Where(u => u.IsValidOn(date));

    /// <summary>
    /// The unit that had <paramref name="code"/> on <paramref name="date"/>: codes are reused after a
    /// reorganization (09187 was Phường Suối Hoa, then Phường Kinh Bắc), so a code alone names no unit.
    /// </summary>
    public Unit? Find(string? code, DateOnly date) =>
        code is null ? null : _units.FirstOrDefault(u => string.Equals(u.Code, code.Trim(), StringComparison.OrdinalIgnoreCase) && u.IsValidOn(date));

    /// <summary>The units in force during <paramref name="period"/>, indexed for name matching.</summary>
    public UnitDirectory For(Period period)
    {
        lock (_gate)
        {
            if (!_directories.TryGetValue(period, out var directory))
            {
                directory = new UnitDirectory(period, _units.Where(u => u.IsValidIn(period)));
                _directories[period] = directory;
            }

            return directory;
        }
    }
}
