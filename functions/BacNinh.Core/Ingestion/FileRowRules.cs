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
    private readonly Dictionary<(string Indicator, string Unit), (string Sheet, int Row)> _first = [];

    /// <summary>Rules with no uploader check: every unit allowed, duplicates still found.</summary>
    public static FileRowRules Unrestricted() => new(string.Empty, null);

    public string Folder { get; } = folder;

    /// <summary>True when the uploader in force for <paramref name="period"/> may report for <paramref name="unit"/>.</summary>
    public bool Allows(Unit unit, Period period, UnitDirectory directory) =>
        uploaders is null
        || (uploaders.Find(Folder, period) is { } uploader && uploader.Covers(unit, directory))
        || (reference is not null && today is { } date && uploaders.FindOn(Folder, date) is { } successor
            && successor.CoversAsSuccessor(unit, period, reference.Lineage, reference.Units, date));

    /// <summary>Records the first row of a unit and indicator; false, with that row, when one came before.</summary>
    public bool TryClaim(string indicator, string unit, string sheet, int row, out (string Sheet, int Row) first)
    {
        if (_first.TryGetValue((indicator, unit), out first))
        {
            return false;
        }

        _first[(indicator, unit)] = (sheet, row);
        return true;
    }
}
