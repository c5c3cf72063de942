using BacNinh.Core.Periods;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// The month of a date, remembering the last month's bounds: an export's dates are mostly of one or two months, so
/// most dates are two comparisons instead of a calendar computation. One per reader of records (not shared).
/// </summary>
internal struct MonthOfDate
{
    private long _start;
    private long _end;
    private Period _period;

    public Period Of(DateTime date)
    {
        var ticks = date.Ticks;
        if (ticks >= _start && ticks < _end)
        {
            return _period;
        }

        _period = DossierRecord.PeriodOf(date);
        _start = _period.Start.ToDateTime(TimeOnly.MinValue).Ticks;
        // December 9999 has no next month to end at.
        _end = _period is { Year: 9999, Month: 12 } ? long.MaxValue : _period.Next.Start.ToDateTime(TimeOnly.MinValue).Ticks;
        return _period;
    }
}
