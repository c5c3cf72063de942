using BacNinh.Core.Lineage;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Uploaders;

/// <summary>
/// Whether an uploader in force today may report for a unit of an earlier month because that unit
/// became its unit (contract §2a): dissolved units have no staff left, so the unit that absorbed them
/// reports and corrects their months, through every round. Nobody else gains rights.
/// </summary>
public static class SuccessorCoverage
{
    public static bool CoversAsSuccessor(this Uploader today, Unit unit, Period period, UnitLineage lineage, UnitRegistry units, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(today);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(units);
        if (today.Scope == UploaderScope.All)
        {
            return true;
        }

        if (lineage.SuccessorOn(unit.Code, period, date) is not { } successorCode || units.Find(successorCode, date) is not { } successor)
        {
            return false;
        }

        return today.Covers(successor, units.For(Period.FromDate(date)));
    }
}
