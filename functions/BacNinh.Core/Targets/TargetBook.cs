using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Targets;

/// <summary>All targets with their validity; answers "what must this unit reach in this month".</summary>
public sealed class TargetBook(IEnumerable<Target> targets)
{
    private readonly IReadOnlyList<Target> _targets = [.. targets];

    public IReadOnlyList<Target> All => _targets;

    public Target? ForTier(Period period, string indicatorCode, Tier tier) =>
        Latest(_targets.Where(t => t.UnitCode is null && t.Tier == tier && Is(t, indicatorCode) && t.IsValidIn(period)));

    /// <summary>The unit's own override if one is in force, else its tier's target.</summary>
    public Target? ForUnit(Period period, string indicatorCode, Unit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return Latest(_targets.Where(t => string.Equals(t.UnitCode, unit.Code, StringComparison.OrdinalIgnoreCase)
                                          && Is(t, indicatorCode) && t.IsValidIn(period)))
               ?? ForTier(period, indicatorCode, unit.Tier);
    }

    private static bool Is(Target target, string indicatorCode) =>
        string.Equals(target.IndicatorCode, indicatorCode, StringComparison.OrdinalIgnoreCase);

    private static Target? Latest(IEnumerable<Target> candidates) => candidates.MaxBy(t => t.ValidFrom);
}
