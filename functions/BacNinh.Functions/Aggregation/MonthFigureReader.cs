using BacNinh.Core.Aggregation;
using BacNinh.Core.Indicators;
using BacNinh.Core.Periods;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Uploads;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Reads what a month's computation starts from: the typed figures (<see cref="UnitValueStore"/>) and the
/// record figures (<see cref="DossierFigureStore"/>), both kept as they are, merged per unit by the catalog's rule.
/// </summary>
public sealed class MonthFigureReader(UnitValueStore values, DossierFigureStore dossiers)
{
    public async Task<MonthFigures> ReadAsync(Period period, Indicator indicator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var keys = indicator.Breakdowns.Select(b => b.Key).ToList();
        var typed = await values.ListCurrentAsync(period, indicator.Code, keys, cancellationToken).ConfigureAwait(false);
        var records = await dossiers.ListCurrentAsync(period, indicator.Code, keys, cancellationToken).ConfigureAwait(false);
        return new MonthFigures(CurrentObservations.Merge(indicator, typed, records), typed, records);
    }

    /// <summary>When either kind of figure of the month last changed, or null when it has none.</summary>
    public async Task<DateTimeOffset?> LastChangedAsync(Period period, CancellationToken cancellationToken = default)
    {
        var typed = await values.LastChangedAsync(period, cancellationToken).ConfigureAwait(false);
        var records = await dossiers.LastChangedAsync(period, cancellationToken).ConfigureAwait(false);
        return typed is null || (records is not null && records > typed) ? records : typed;
    }
}
