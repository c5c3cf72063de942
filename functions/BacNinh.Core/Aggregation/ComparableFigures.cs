using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Lineage;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// Comparable figures (contract §2a): a month's figures restated for the units in force on a later
/// date, by pooling the figures of the units that became each of them, and the same per tier over a
/// territory. Pure, like <see cref="PeriodAggregator"/>: the same inputs give the same rows.
/// </summary>
public sealed class ComparableFigures(ReferenceData reference)
{
    private static readonly Tier[] Tiers = [Tier.Province, Tier.District, Tier.Commune];

    /// <summary>
    /// The comparable figure of <paramref name="unit"/> (in force on <paramref name="asOf"/>) in
    /// <paramref name="period"/>, from that month's observations by unit code; null when none of its
    /// predecessors reported.
    /// </summary>
    public ComparableObservation Of(Unit unit, DateOnly asOf, Period period, string indicatorCode, IReadOnlyDictionary<string, UnitObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(observations);
        var predecessors = reference.Lineage.PredecessorsIn(unit.Code, asOf, period, reference.Units);
        var reported = predecessors.Select(p => observations.GetValueOrDefault(p.Code)).OfType<UnitObservation>().ToList();
        var crossed = predecessors.Where(p => p.Confidence is not null).Select(p => p.Confidence!.Value).ToList();
        var confidence = crossed.Count > 0 ? crossed.Min().ToName() : null;
        var sameUnit = predecessors.Count == 1 && predecessors[0].OnlyRenamed;
        var (numerator, denominator, rate, basis) = sameUnit && reported.Count == 1
            ? (reported[0].Numerator, reported[0].Denominator, reported[0].Rate, ComparableBasis.SameUnit)
            : Combine(reported.Select(o => (o.Numerator, o.Denominator, o.Rate)).ToList(), HeadlineRule.Pooled);
        return new ComparableObservation(period, asOf, indicatorCode, unit.Tier.ToName(), unit.Code, unit.FullName,
            numerator, denominator, rate, sameUnit ? ComparableBasis.SameUnit : basis, predecessors.Count, reported.Count, confidence);
    }

    /// <summary>
    /// Every comparable row of a month and indicator: one per unit in force on <paramref name="asOf"/>
    /// with at least one reporting predecessor, then one per tier (and <c>all</c>) and territory.
    /// </summary>
    public IReadOnlyList<ComparableObservation> Compute(Period period, Indicator indicator, IReadOnlyCollection<UnitObservation> current, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(current);
        var observations = ByCode(current, indicator.Code);
        var units = reference.Units.On(asOf).OrderBy(u => u.Tier).ThenBy(u => u.Code, StringComparer.Ordinal)
            .Select(u => (Unit: u, Figure: Of(u, asOf, period, indicator.Code, observations)))
            .ToList();
        var rows = units.Where(u => u.Figure.PredecessorsReported > 0).Select(u => u.Figure).ToList();
        foreach (var territory in reference.Territories.Where(t => t.ValidFrom <= asOf))
        {
            var inside = units.Where(u => Within(u.Unit, territory, asOf)).ToList();
            foreach (var tier in Tiers)
            {
                var figures = inside.Where(u => u.Unit.Tier == tier).Select(u => u.Figure).ToList();
                if (figures.Count > 0)
                {
                    rows.Add(Scope(period, asOf, indicator, tier.ToName(), territory, figures));
                }
            }

            if (inside.Count > 0)
            {
                rows.Add(Scope(period, asOf, indicator, TierNames.All, territory, [.. inside.Select(u => u.Figure)]));
            }
        }

        return rows;
    }

    /// <summary>Observations of one indicator by unit code (a month's codes are unique).</summary>
    public static Dictionary<string, UnitObservation> ByCode(IEnumerable<UnitObservation> observations, string indicatorCode) =>
        observations.Where(o => o.IndicatorCode == indicatorCode)
            .GroupBy(o => o.UnitCode, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A unit of today lies within a territory that has ended when every unit that became it was a
    /// registered unit in the territory's last month (old Bắc Ninh's registry); an open territory holds every unit.
    /// </summary>
    private bool Within(Unit unit, Territory territory, DateOnly asOf)
    {
        if (territory.LastMonth is not { } last)
        {
            return true;
        }

        var directory = reference.Units.For(last);
        var predecessors = reference.Lineage.PredecessorsIn(unit.Code, asOf, last, reference.Units);
        return predecessors.All(p => directory.FindByCode(p.Code) is not null);
    }

    private static ComparableObservation Scope(Period period, DateOnly asOf, Indicator indicator, string tier, Territory territory, IReadOnlyList<ComparableObservation> figures)
    {
        var reported = figures.Where(f => f.PredecessorsReported > 0).ToList();
        var (numerator, denominator, rate, basis) = Combine(reported.Select(f => (f.Numerator, f.Denominator, f.Rate)).ToList(), indicator.Headline);
        var confidences = figures.Where(f => f.LowestConfidence is not null).Select(f => ConfidenceLevels.Parse(f.LowestConfidence)).ToList();
        return new ComparableObservation(period, asOf, indicator.Code, tier, territory.Code, territory.Name, numerator, denominator, rate, basis,
            figures.Sum(f => f.PredecessorsExpected), figures.Sum(f => f.PredecessorsReported), confidences.Count == 0 ? null : confidences.Min().ToName());
    }

    /// <summary>
    /// Σ numerators / Σ denominators when every figure has counts and the headline pools; otherwise
    /// the mean of the rates there are. No rate when nothing can be divided.
    /// </summary>
    private static (long? Numerator, long? Denominator, decimal? Rate, string Basis) Combine(IReadOnlyList<(long? Numerator, long? Denominator, decimal? Rate)> figures, HeadlineRule headline)
    {
        var counted = figures.Count > 0 && figures.All(f => f.Numerator is not null && f.Denominator is not null);
        long? numerator = counted ? figures.Sum(f => f.Numerator!.Value) : null;
        long? denominator = counted ? figures.Sum(f => f.Denominator!.Value) : null;
        if (counted && headline == HeadlineRule.Pooled)
        {
            return (numerator, denominator, denominator is 0 ? null : 100m * numerator!.Value / denominator!.Value, ComparableBasis.Pooled);
        }

        var rates = figures.Where(f => f.Rate is not null).Select(f => f.Rate!.Value).ToList();
        return (numerator, denominator, rates.Count == 0 ? null : rates.Sum() / rates.Count, ComparableBasis.MeanOfRates);
    }
}
