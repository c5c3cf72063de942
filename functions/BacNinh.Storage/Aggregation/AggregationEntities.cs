using Azure.Data.Tables;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Units;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Aggregation;

/// <summary>Maps computed results to Table entities whose fields are the datasets' field names.</summary>
public static class AggregationEntities
{
    public static TableEntity From(UnitResult u, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(u);
        var entity = new TableEntity(TableKeys.PeriodIndicator(u.Period, u.IndicatorCode), TableKeys.Safe(u.UnitCode))
        {
            ["Period"] = u.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(u.Period),
            ["IndicatorCode"] = u.IndicatorCode,
            ["Tier"] = u.Tier.ToName(),
            ["UnitCode"] = u.UnitCode,
            ["UnitName"] = u.UnitName,
            ["ParentCode"] = u.ParentCode,
            ["ParentName"] = u.ParentName,
            ["Numerator"] = u.Numerator,
            ["Denominator"] = u.Denominator,
            ["Rate"] = DecimalText.Format(u.Rate),
            ["TargetRate"] = DecimalText.Format(u.TargetRate),
            ["MeetsTarget"] = u.MeetsTarget,
            ["PreviousRate"] = DecimalText.Format(u.PreviousRate),
            ["DeltaPoints"] = DecimalText.Format(u.DeltaPoints),
            ["RankInTier"] = u.RankInTier,
            ["UpdatedAt"] = updatedAt,
        };
        foreach (var (key, value) in u.Breakdowns)
        {
            entity[key] = value;
        }

        return entity;
    }

    public static TableEntity From(AggregateResult a, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new TableEntity(TableKeys.PeriodIndicator(a.Period, a.IndicatorCode), TableKeys.Safe(a.ParentCode ?? a.Tier))
        {
            ["Period"] = a.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(a.Period),
            ["IndicatorCode"] = a.IndicatorCode,
            ["Tier"] = a.Tier,
            ["ParentCode"] = a.ParentCode,
            ["ParentName"] = a.ParentName,
            ["UnitsExpected"] = a.UnitsExpected,
            ["UnitsReporting"] = a.UnitsReporting,
            ["UnitsWithRate"] = a.UnitsWithRate,
            ["MeanRate"] = DecimalText.Format(a.MeanRate),
            ["PooledRate"] = DecimalText.Format(a.PooledRate),
            ["HeadlineRate"] = DecimalText.Format(a.HeadlineRate),
            ["MinRate"] = DecimalText.Format(a.MinRate),
            ["MaxRate"] = DecimalText.Format(a.MaxRate),
            ["UnitsAtFullRate"] = a.UnitsAtFullRate,
            ["UnitsMeetingTarget"] = a.UnitsMeetingTarget,
            ["TargetRate"] = DecimalText.Format(a.TargetRate),
            ["MeetsTarget"] = a.MeetsTarget,
            ["PreviousRate"] = DecimalText.Format(a.PreviousRate),
            ["DeltaPoints"] = DecimalText.Format(a.DeltaPoints),
            ["UpdatedAt"] = updatedAt,
        };
    }

    public static TableEntity From(MissingReport m, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new TableEntity(TableKeys.PeriodIndicator(m.Period, m.IndicatorCode), TableKeys.Safe(m.UnitCode))
        {
            ["Period"] = m.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(m.Period),
            ["IndicatorCode"] = m.IndicatorCode,
            ["Tier"] = m.Tier.ToName(),
            ["UnitCode"] = m.UnitCode,
            ["UnitName"] = m.UnitName,
            ["ParentCode"] = m.ParentCode,
            ["ParentName"] = m.ParentName,
            ["UpdatedAt"] = updatedAt,
        };
    }

    public static TableEntity From(ComparableObservation c, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(c);

        // A territory's code names a row per tier; a unit's code is one row.
        return new TableEntity(TableKeys.PeriodIndicator(c.Period, c.IndicatorCode), TableKeys.Safe($"{c.Tier}|{c.UnitCode}"))
        {
            ["Period"] = c.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(c.Period),
            ["IndicatorCode"] = c.IndicatorCode,
            ["Tier"] = c.Tier,
            ["UnitCode"] = c.UnitCode,
            ["AsOf"] = new DateTimeOffset(c.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            ["UnitName"] = c.UnitName,
            ["Numerator"] = c.Numerator,
            ["Denominator"] = c.Denominator,
            ["Rate"] = DecimalText.Format(c.Rate),
            ["Basis"] = c.Basis,
            ["PredecessorsExpected"] = c.PredecessorsExpected,
            ["PredecessorsReported"] = c.PredecessorsReported,
            ["LowestConfidence"] = c.LowestConfidence,
            ["UpdatedAt"] = updatedAt,
        };
    }
}
