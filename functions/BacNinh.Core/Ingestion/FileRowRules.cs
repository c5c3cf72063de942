using System.Runtime.InteropServices;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;

namespace BacNinh.Core.Ingestion;

/// <summary>
/// What each row of one file is checked against beyond its own sheet: whether the uploader's
/// scope covers the unit (§3a), in the month or, for the folder's entry in force today, through the
/// lineage (§2a), and whether an earlier row of the file, on any sheet, already gave the same unit
/// and indicator.
/// </summary>
public sealed class FileRowRules(string folder, UploaderRegistry? uploaders, ReferenceData? reference = null, DateOnly? today = null)
{
    // Per indicator, each unit's first row. A file is nearly always one indicator: its units are found without hashing the indicator again.
    private readonly Dictionary<string, Dictionary<string, (string Sheet, int Row)>> _first = new(StringComparer.Ordinal);
    private (string Indicator, Dictionary<string, (string Sheet, int Row)> Units)? _lastIndicator;

    // The entry in force for the last period asked about: a file's rows are nearly always of one month.
    private (Period Period, Uploader? Entry)? _entry;

    /// <summary>Rules with no uploader check: every unit allowed, duplicates still found.</summary>
    public static FileRowRules Unrestricted() => new(string.Empty, null);

    public string Folder { get; } = folder;

    /// <summary>True when the uploader in force for <paramref name="period"/> may report for <paramref name="unit"/>.</summary>
    public bool Allows(Unit unit, Period period, UnitDirectory directory) =>
        uploaders is null
        || (EntryFor(uploaders, period) is { } uploader && uploader.Covers(unit, directory))
        || (reference is not null && today is { } date && uploaders.FindOn(Folder, date) is { } successor
            && successor.CoversAsSuccessor(unit, period, reference.Lineage, reference.Units, date));

    /// <summary>Records the first row of a unit and indicator; false, with that row, when one came before.</summary>
    public bool TryClaim(string indicator, string unit, string sheet, int row, out (string Sheet, int Row) first)
    {
        // One hash of the unit whether it is new or not.
        ref var claimed = ref CollectionsMarshal.GetValueRefOrAddDefault(ClaimsOf(indicator), unit, out var exists);
        if (exists)
        {
            first = claimed;
            return false;
        }

        claimed = (sheet, row);
        first = default;
        return true;
    }

    private Dictionary<string, (string Sheet, int Row)> ClaimsOf(string indicator)
    {
        if (_lastIndicator is { } last && string.Equals(last.Indicator, indicator, StringComparison.Ordinal))
        {
            return last.Units;
        }

        if (!_first.TryGetValue(indicator, out var units))
        {
            _first[indicator] = units = new Dictionary<string, (string Sheet, int Row)>(StringComparer.Ordinal);
        }

        _lastIndicator = (indicator, units);
        return units;
    }

    private Uploader? EntryFor(UploaderRegistry registry, Period period)
    {
        if (_entry is not { } last || last.Period != period)
        {
            _entry = last = (period, registry.Find(Folder, period));
        }

        return last.Entry;
    }
}
