using BacNinh.Core.Aggregation;
using BacNinh.Core.Indicators;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using static BacNinh.Core.Bulletins.VietnameseNumber;

namespace BacNinh.Core.Bulletins.Charts;

/// <summary>The bulletin's charts, built from the same computed figures as its text.</summary>
public static class BulletinCharts
{
    /// <summary>Each tier's headline rate against the tier's target; null when no tier has a rate.</summary>
    public static BarChart? ForIndicator(Period period, Indicator indicator, PeriodAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(aggregation);
        var bars = aggregation.Tiers
            .Where(t => t.Tier != TierNames.All && t.UnitsExpected > 0 && t.HeadlineRate is not null)
            .Select(t => new ChartBar(Capitalized(TierLabel(t.Tier)), t.HeadlineRate!.Value, t.TargetRate, t.MeetsTarget))
            .ToList();
        if (bars.Count == 0)
        {
            return null;
        }

        var measure = indicator.Headline == HeadlineRule.Pooled ? "tỷ lệ chung" : "tỷ lệ trung bình";
        var figures = string.Join("; ", bars.Select(b => $"{b.Label} {Percent(b.Value)}{TargetText(b.Target)}"));
        return new BarChart(
            $"{indicator.Name}: {measure} theo cấp, tháng {period.Month}/{period.Year}",
            $"Biểu đồ cột, mỗi cột là {measure} của một cấp, vạch ngang trên cột là chỉ tiêu của cấp đó. {figures}.",
            "Cấp",
            bars,
            null);
    }

    /// <summary>The tier's units ranked from the highest rate, with the tier's target as a line; null when none has a rate.</summary>
    public static BarChart? ForTier(Period period, Indicator indicator, PeriodAggregation aggregation, Tier tier)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(aggregation);
        var units = aggregation.Units
            .Where(u => u.Tier == tier && u.Rate is not null)
            .OrderBy(u => u.RankInTier ?? int.MaxValue).ThenByDescending(u => u.Rate).ThenBy(u => u.UnitCode, StringComparer.Ordinal)
            .ToList();
        if (units.Count == 0)
        {
            return null;
        }

        var target = aggregation.Tiers.FirstOrDefault(t => t.Tier == tier.ToName())?.TargetRate;
        var bars = units.Select(u => new ChartBar(u.UnitName, u.Rate!.Value, u.TargetRate, u.MeetsTarget, u.RankInTier)).ToList();
        var meeting = units.Count(u => u.MeetsTarget == true);
        var targetSentence = target is null
            ? string.Empty
            : $" Đường ngang là chỉ tiêu của {tier.ToVietnamese()} ({Percent(target.Value)}); {Count(meeting)}/{Count(units.Count)} đơn vị đạt chỉ tiêu.";
        return new BarChart(
            $"{indicator.Name}: các đơn vị {tier.ToVietnamese()} xếp theo tỷ lệ, tháng {period.Month}/{period.Year}",
            $"Biểu đồ cột, {Count(units.Count)} đơn vị {tier.ToVietnamese()} có tỷ lệ, xếp từ cao đến thấp: cao nhất {bars[0].Label} ({Percent(bars[0].Value)}), thấp nhất {bars[^1].Label} ({Percent(bars[^1].Value)}).{targetSentence} Số liệu của từng đơn vị ở bảng dưới biểu đồ.",
            "Đơn vị",
            bars,
            target);
    }

    private static string TargetText(decimal? target) => target is null ? string.Empty : $" (chỉ tiêu {Percent(target.Value)})";

    private static string TierLabel(string tier) => TierNames.TryParse(tier, out var t) ? t.ToVietnamese() : tier;

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
