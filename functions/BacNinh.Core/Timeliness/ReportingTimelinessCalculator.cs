using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

namespace BacNinh.Core.Timeliness;

/// <summary>
/// Computes <c>ReportingTimeliness</c> for a month from the values' history (which upload carried which value,
/// and when storage accepted it) and the month's uploads. A value entered by the coordinating department for a
/// unit counts for that unit: what matters is whose value arrived, not whose folder sent it. Every unit the
/// registry expects that month gets a row; so does any other unit whose values arrived.
/// </summary>
public sealed class ReportingTimelinessCalculator(ReferenceData reference, ReportingDeadlines deadlines)
{
    /// <summary>The months <see cref="UnitTimeliness.OnTimeShare"/> looks back over, this one included.</summary>
    public const int ShareMonths = 12;

    /// <summary>The months whose arrivals <see cref="Compute"/> needs: <paramref name="period"/> and the 11 before it.</summary>
    public static IReadOnlyList<Period> MonthsNeeded(Period period)
    {
        var months = new List<Period> { period };
        while (months.Count < ShareMonths)
        {
            months.Add(months[^1].Previous);
        }

        return months;
    }

    public IReadOnlyList<UnitTimeliness> Compute(Period period, IReadOnlyCollection<ValueArrival> arrivals, IReadOnlyCollection<UploadRecord> uploads)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(uploads);
        var byMonth = arrivals.GroupBy(a => a.Period)
            .ToDictionary(m => m.Key, m => m.GroupBy(a => a.UnitCode, StringComparer.Ordinal).ToDictionary(u => u.Key, u => u.ToList(), StringComparer.Ordinal));
        var thisMonth = byMonth.GetValueOrDefault(period) ?? [];
        // Months before any deadline in force had nothing due: no rows, and no place in the on-time share.
        var window = MonthsNeeded(period)
            .Select(m => (Month: m, Deadline: deadlines.Find(m)?.DueBy(m)))
            .Where(m => m.Deadline is not null)
            .Select(m => (m.Month, Units: reference.Units.For(m.Month), Deadline: m.Deadline!.Value))
            .ToList();
        if (window.Count == 0 || window[0].Month != period)
        {
            return [];
        }

        var directory = window[0].Units;
        var deadline = window[0].Deadline;
        var rejected = uploads
            .GroupBy(u => reference.Uploaders.Find(u.Folder, period)?.UnitCode ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(u => u.RowsRejected), StringComparer.Ordinal);

        var units = directory.Units.Select(u => u.Code)
            .Concat(thisMonth.Keys.Where(code => directory.FindByCode(code) is not null))
            .Distinct(StringComparer.Ordinal)
            .Select(code => directory.FindByCode(code)!)
            .OrderBy(u => u.Tier).ThenBy(u => u.Code, StringComparer.Ordinal);

        var rows = new List<UnitTimeliness>();
        foreach (var unit in units)
        {
            var values = thisMonth.GetValueOrDefault(unit.Code) ?? [];
            DateTimeOffset? first = values.Count == 0 ? null : values.Min(v => v.UploadedAt);
            DateTimeOffset? last = values.Count == 0 ? null : values.Max(v => v.UploadedAt);
            var onTime = first < deadline;
            int? daysLate = first is not { } arrived ? null : onTime ? 0 : (int)Math.Ceiling((arrived - deadline).TotalDays);
            rows.Add(new UnitTimeliness(
                period, unit.Code, unit.FullName, unit.Tier, unit.ParentCode, directory.FindByCode(unit.ParentCode)?.FullName,
                deadline, first, last, onTime, daysLate, Corrections(values), rejected.GetValueOrDefault(unit.Code), values.Count == 0,
                OnTimeShare(unit.Code, window, byMonth)));
        }

        return rows;
    }

    /// <summary>Later uploads that changed one of the unit's current values (a repeat of the same figures is no correction).</summary>
    private static int Corrections(List<ValueArrival> values) =>
        values.GroupBy(v => v.IndicatorCode, StringComparer.Ordinal)
            .SelectMany(indicator =>
            {
                var ordered = indicator.OrderBy(v => v.UploadedAt).ThenBy(v => v.UploadId, StringComparer.Ordinal).ToList();
                return ordered.Skip(1).Where((v, i) => (v.Numerator, v.Denominator, v.Rate) != (ordered[i].Numerator, ordered[i].Denominator, ordered[i].Rate));
            })
            .Select(v => v.UploadId)
            .Distinct(StringComparer.Ordinal)
            .Count();

    private static decimal? OnTimeShare(
        string unitCode,
        List<(Period Month, Units.UnitDirectory Units, DateTimeOffset Deadline)> window,
        Dictionary<Period, Dictionary<string, List<ValueArrival>>> byMonth)
    {
        var expected = 0;
        var onTime = 0;
        foreach (var (month, units, deadline) in window)
        {
            if (units.FindByCode(unitCode) is null)
            {
                continue;
            }

            expected++;
            var values = byMonth.GetValueOrDefault(month)?.GetValueOrDefault(unitCode);
            if (values is { Count: > 0 } && values.Min(v => v.UploadedAt) < deadline)
            {
                onTime++;
            }
        }

        return expected == 0 ? null : 100m * onTime / expected;
    }
}
