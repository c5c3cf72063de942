using BacNinh.Core.Indicators;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// Computes a period's unit results, tier and group aggregates and missing reports for one
/// indicator, against the registry and targets valid in that month. Pure: the same inputs
/// always give the same figures, which is what makes re-running an aggregation harmless.
/// </summary>
public sealed class PeriodAggregator(ReferenceData reference)
{
    private static readonly Tier[] Tiers = [Tier.Province, Tier.District, Tier.Commune];

    public PeriodAggregation Aggregate(
        Period period,
        Indicator indicator,
        IReadOnlyCollection<UnitObservation> current,
        IReadOnlyCollection<UnitObservation> previous)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);

        var directory = reference.Units.For(period);

        // Last month as the units of this month: a unit made by a reorganization on the 1st is compared
        // with its predecessors' pooled figures, never with whoever had its code before (§2a).
        var previousUnits = ComparablePrevious(period, indicator, directory, previous);
        var units = UnitResults(period, indicator, directory, current, previousUnits);

        // Every set below is one pass over the units: by tier, and communes by district.
        var byTier = units.ToLookup(u => u.Tier);
        var previousByTier = previousUnits.ToLookup(u => u.Tier);
        var tiers = new List<AggregateResult>();
        foreach (var tier in Tiers)
        {
            var expected = directory.InTier(tier).Count();
            var target = reference.Targets.ForTier(period, indicator.Code, tier)?.Rate;
            tiers.Add(Summarize(period, indicator, tier.ToName(), null, null, expected, [.. byTier[tier]], [.. previousByTier[tier]], target));
        }

        tiers.Add(Summarize(period, indicator, TierNames.All, null, null, directory.Units.Count, units, previousUnits, null));

        var groups = new List<AggregateResult>();
        var communeTarget = reference.Targets.ForTier(period, indicator.Code, Tier.Commune)?.Rate;
        var communesExpected = directory.InTier(Tier.Commune).Where(u => u.ParentCode is not null).CountBy(u => u.ParentCode!, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var communes = byTier[Tier.Commune].Where(u => u.ParentCode is not null).ToLookup(u => u.ParentCode!, StringComparer.Ordinal);
        var previousCommunes = previousByTier[Tier.Commune].Where(u => u.ParentCode is not null).ToLookup(u => u.ParentCode!, StringComparer.Ordinal);
        foreach (var district in directory.InTier(Tier.District))
        {
            var expected = communesExpected.GetValueOrDefault(district.Code);
            if (expected == 0)
            {
                continue;
            }

            groups.Add(Summarize(period, indicator, TierNames.Commune, district.Code, district.FullName, expected,
                [.. communes[district.Code]], [.. previousCommunes[district.Code]], communeTarget));
        }

        var reported = units.Select(u => u.UnitCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A records-only indicator is not typed by anyone: a unit without dossiers is not missing a report.
        var missing = directory.Units
            .Where(u => indicator.Source == IndicatorSource.Reports && !reported.Contains(u.Code))
            .Select(u => new MissingReport(period, indicator.Code, u.Tier, u.Code, u.FullName, u.ParentCode, directory.FindByCode(u.ParentCode)?.FullName))
            .ToList();

        return new PeriodAggregation(period, indicator.Code, units, tiers, groups, missing);
    }

    /// <summary>Each unit of this month that has a figure last month, comparable or its own, as a unit result of last month.</summary>
    private List<UnitResult> ComparablePrevious(Period period, Indicator indicator, UnitDirectory directory, IReadOnlyCollection<UnitObservation> previous)
    {
        var comparable = new ComparableFigures(reference);
        var byCode = ComparableFigures.ByCode(previous, indicator.Code);
        var results = new List<UnitResult>();
        foreach (var unit in directory.Units)
        {
            var figure = comparable.Of(unit, period.Start, period.Previous, indicator.Code, byCode);
            if (figure.PredecessorsReported > 0)
            {
                results.Add(new UnitResult(period.Previous, indicator.Code, unit.Tier, unit.Code, unit.FullName, unit.ParentCode, null,
                    figure.Numerator, figure.Denominator, figure.Rate, null, null, null, null, null, new Dictionary<string, long>()));
            }
        }

        return results;
    }

    private List<UnitResult> UnitResults(
        Period period,
        Indicator indicator,
        UnitDirectory directory,
        IReadOnlyCollection<UnitObservation> observations,
        IReadOnlyCollection<UnitResult> previous)
    {
        var previousRates = previous.ToDictionary(u => u.UnitCode, u => u.Rate, StringComparer.OrdinalIgnoreCase);

        // A unit's own target overrides its tier's: both looked up once per month, not once per unit.
        var tierTargets = Tiers.ToDictionary(t => t, t => reference.Targets.ForTier(period, indicator.Code, t)?.Rate);
        var overrides = reference.Targets.All
            .Where(t => t.UnitCode is not null && string.Equals(t.IndicatorCode, indicator.Code, StringComparison.OrdinalIgnoreCase) && t.IsValidIn(period))
            .GroupBy(t => t.UnitCode!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.ValidFrom)!.Rate, StringComparer.OrdinalIgnoreCase);
        var results = new List<UnitResult>(observations.Count);
        foreach (var observation in observations.Where(o => o.IndicatorCode == indicator.Code))
        {
            var unit = directory.FindByCode(observation.UnitCode);
            if (unit is null)
            {
                continue;
            }

            var target = overrides.TryGetValue(unit.Code, out var own) ? own : tierTargets.GetValueOrDefault(unit.Tier);
            var previousRate = previousRates.GetValueOrDefault(unit.Code);
            var rate = observation.Rate;
            var parent = directory.FindByCode(unit.ParentCode);
            results.Add(new UnitResult(
                period, indicator.Code, unit.Tier, unit.Code, unit.FullName, parent?.Code, parent?.FullName,
                observation.Numerator, observation.Denominator, rate,
                target,
                rate is null || target is null ? null : rate >= target,
                previousRate,
                rate is null || previousRate is null ? null : rate - previousRate,
                null,
                observation.Breakdowns));
        }

        return Rank(results);
    }

    /// <summary>Competition ranking within each tier: 1 = highest, equal rates share a rank (1, 2, 2, 4).</summary>
    private static List<UnitResult> Rank(List<UnitResult> results)
    {
        var ranked = new List<UnitResult>(results.Count);
        foreach (var tier in results.GroupBy(r => r.Tier))
        {
            var ordered = tier.Where(r => r.Rate is not null).OrderByDescending(r => r.Rate).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var rank = i > 0 && ordered[i].Rate == ordered[i - 1].Rate ? ranked[^1].RankInTier : i + 1;
                ranked.Add(ordered[i] with { RankInTier = rank });
            }

            ranked.AddRange(tier.Where(r => r.Rate is null));
        }

        return [.. ranked.OrderBy(r => r.Tier).ThenBy(r => r.RankInTier ?? int.MaxValue).ThenBy(r => r.UnitCode, StringComparer.Ordinal)];
    }

    private static AggregateResult Summarize(
        Period period,
        Indicator indicator,
        string tier,
        string? parentCode,
        string? parentName,
        int expected,
        IReadOnlyCollection<UnitResult> units,
        IReadOnlyCollection<UnitResult> previousUnits,
        decimal? target)
    {
        var now = RateStatistics.Of(units);
        var before = RateStatistics.Of(previousUnits);
        var headline = Headline(indicator, now);
        var previousHeadline = Headline(indicator, before);
        return new AggregateResult(
            period, indicator.Code, tier, parentCode, parentName,
            expected, now.Reporting, now.WithRate,
            now.Mean, now.Pooled, headline, now.Min, now.Max, now.AtFullRate,
            units.Count(u => u.MeetsTarget == true),
            target,
            headline is null || target is null ? null : headline >= target,
            previousHeadline,
            headline is null || previousHeadline is null ? null : headline - previousHeadline);
    }

    private static decimal? Headline(Indicator indicator, RateStatistics statistics) =>
        indicator.Headline == HeadlineRule.Pooled ? statistics.Pooled : statistics.Mean;
}
