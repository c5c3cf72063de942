using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// Which figure of a unit-month is current for an indicator when agencies typed it and dossier
/// records give it too (§2b). Both stay stored; this only picks the one aggregation counts.
/// </summary>
public static class CurrentObservations
{
    /// <summary>
    /// Records-only indicators come from records alone. Otherwise each unit keeps whichever figure it
    /// has, and where it has both the catalog's <see cref="Indicator.RecordsCurrent"/> decides.
    /// Ordered by unit code, so the same inputs always give the same list.
    /// </summary>
    public static IReadOnlyList<UnitObservation> Merge(Indicator indicator, IEnumerable<UnitObservation> typed, IEnumerable<UnitObservation> records)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(records);
        var ofIndicator = (IEnumerable<UnitObservation> figures) => figures.Where(f => string.Equals(f.IndicatorCode, indicator.Code, StringComparison.Ordinal));
        if (indicator.Source == IndicatorSource.Records)
        {
            return [.. ofIndicator(records).OrderBy(r => r.UnitCode, StringComparer.Ordinal)];
        }

        var (first, second) = indicator.RecordsCurrent ? (records, typed) : (typed, records);
        var current = new Dictionary<string, UnitObservation>(StringComparer.Ordinal);
        foreach (var figure in ofIndicator(first))
        {
            current[figure.UnitCode] = figure;
        }

        foreach (var figure in ofIndicator(second))
        {
            current.TryAdd(figure.UnitCode, figure);
        }

        return [.. current.Values.OrderBy(o => o.UnitCode, StringComparer.Ordinal)];
    }
}
