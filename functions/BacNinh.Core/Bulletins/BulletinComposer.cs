using System.Globalization;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins.Charts;
using BacNinh.Core.Indicators;
using BacNinh.Core.Lineage;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Timeliness;
using BacNinh.Core.Units;
using static BacNinh.Core.Bulletins.VietnameseNumber;

namespace BacNinh.Core.Bulletins;

/// <summary>
/// Writes the monthly bulletin in the shape of the province's news article: tier figures against
/// their targets, units at 100 %, the lowest units, highest and lowest districts, commune figures
/// by district, units below target, and the changes from last month. Every number comes from the
/// computed aggregates; only the display rounds.
/// </summary>
public sealed class BulletinComposer(ReferenceData reference)
{
    private const int LowestListed = 3;
    private const int NamesListed = 12;
    private static readonly StringComparer VietnameseOrder = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public BulletinDocument Compose(Period period, IReadOnlyList<PeriodAggregation> aggregations) =>
        Compose(period, aggregations, [], DateTimeOffset.MinValue);

    /// <summary>The bulletin with its paragraph on reporting (<paramref name="asOf"/>: when it is written, to say whether the deadline has passed).</summary>
    public BulletinDocument Compose(Period period, IReadOnlyList<PeriodAggregation> aggregations, IReadOnlyList<UnitTimeliness> timeliness, DateTimeOffset asOf) =>
        Compose(period, aggregations, timeliness, [], asOf);

    /// <summary>The bulletin with its paragraphs on reporting and on where typed reports and dossier records disagree (§2b).</summary>
    public BulletinDocument Compose(Period period, IReadOnlyList<PeriodAggregation> aggregations, IReadOnlyList<UnitTimeliness> timeliness, IReadOnlyList<ReportDiscrepancy> discrepancies, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(timeliness);
        ArgumentNullException.ThrowIfNull(discrepancies);
        ArgumentNullException.ThrowIfNull(aggregations);
        var month = $"{period.Month}/{period.Year}";
        var document = new BulletinDocument($"Bắc Ninh: Chỉ tiêu chuyển đổi số tháng {month}");
        var directory = reference.Units.For(period);
        var communes = CommuneWords.Of(directory);
        if (!directory.HasTier(Tier.District))
        {
            document.Paragraph($"Theo danh mục đơn vị hành chính áp dụng cho tháng {month}, không còn cấp huyện; số liệu được tổng hợp theo cấp tỉnh và cấp xã ({directory.InTier(Tier.Commune).Count()} {communes}).");
        }

        // A month that starts with a reorganization compares with last month restated for this month's units.
        var changes = aggregations.Any(a => a.Tiers.Any(t => t.DeltaPoints is not null) || a.Units.Any(u => u.DeltaPoints is not null));
        if (changes && reference.Lineage.ReorganizedAt(period))
        {
            var previous = period.Previous;
            var unsure = reference.Lineage.EffectiveAt(period).Where(e => e.Confidence < ConfidenceLevel.High).Select(e => $"{e.OldName} → {e.NewName}").ToList();
            document.Paragraph($"Do sắp xếp đơn vị hành chính từ ngày 01/{period.Month:00}/{period.Year}, mức tăng, giảm so với tháng {previous.Month}/{previous.Year} được tính trên số liệu so sánh được: số liệu tháng {previous.Month}/{previous.Year} của các đơn vị cũ được cộng gộp theo đơn vị hiện nay."
                + (unsure.Count == 0 ? string.Empty : $" Các liên kết sau chưa được xác nhận đầy đủ, số liệu so sánh dựa trên chúng cần kiểm tra lại: {string.Join("; ", unsure)}."));
        }

        foreach (var aggregation in aggregations.Where(a => a.Units.Count > 0))
        {
            var indicator = reference.Indicators.Find(aggregation.IndicatorCode);
            if (indicator is not null)
            {
                WriteIndicator(document, period, indicator, aggregation, communes);
            }
        }

        if (aggregations.All(a => a.Units.Count == 0))
        {
            document.Paragraph($"Chưa có đơn vị nào gửi số liệu tháng {month}.");
        }

        if (DiscrepancySentence.Compose(discrepancies, reference.Indicators) is { } disagreement)
        {
            document.Heading("ĐỐI CHIẾU SỐ LIỆU BÁO CÁO VỚI DỮ LIỆU HỒ SƠ");
            document.Paragraph(disagreement);
        }

        if (timeliness.Count > 0)
        {
            document.Heading("TÌNH HÌNH GỬI BÁO CÁO");
            document.Paragraph(TimelinessSection.Paragraph(period, timeliness, asOf));
        }

        return document;
    }

    private static void WriteIndicator(BulletinDocument document, Period period, Indicator indicator, PeriodAggregation aggregation, string communes)
    {
        var pooled = indicator.Headline == HeadlineRule.Pooled;
        document.Heading(indicator.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")));
        document.Paragraph(TierFigures(period, indicator, aggregation, pooled));
        document.Paragraph(Targets(aggregation));
        document.Chart(BulletinCharts.ForIndicator(period, indicator, aggregation));
        document.Paragraph(ProvinceUnits(aggregation, pooled));
        document.Chart(BulletinCharts.ForTier(period, indicator, aggregation, Tier.Province));
        document.Paragraph(Districts(aggregation));
        document.Chart(BulletinCharts.ForTier(period, indicator, aggregation, Tier.District));
        document.Paragraph(CommuneGroups(aggregation, pooled, communes));
        document.Chart(BulletinCharts.ForTier(period, indicator, aggregation, Tier.Commune));
        document.Paragraph(Missing(aggregation));
    }

    private static string TierFigures(Period period, Indicator indicator, PeriodAggregation aggregation, bool pooled)
    {
        var tiers = TierRows(aggregation).Where(t => t.HeadlineRate is not null)
            .Select(t => $"{TierLabel(t.Tier)} đạt {Percent(t.HeadlineRate!.Value)}{ChangeSuffix(t)}")
            .ToList();
        if (pooled)
        {
            var all = aggregation.Tiers.Single(t => t.Tier == TierNames.All);
            var total = all.HeadlineRate is { } rate ? $" toàn tỉnh đạt {Percent(rate)}{ChangeSuffix(all)}" : string.Empty;
            return $"Trong tháng {period.Month}/{period.Year}, {Lower(indicator.Name)}{total}. Trong đó: {string.Join("; ", tiers)}.";
        }

        return $"{indicator.Name} tháng {period.Month}/{period.Year}: tỷ lệ trung bình {string.Join("; ", tiers)}.";
    }

    private static string Targets(PeriodAggregation aggregation)
    {
        var withTarget = TierRows(aggregation).Where(t => t.TargetRate is not null && t.HeadlineRate is not null).ToList();
        if (withTarget.Count == 0)
        {
            return string.Empty;
        }

        var met = withTarget.Where(t => t.MeetsTarget == true).Select(t => $"{TierLabel(t.Tier)} ({Percent(t.TargetRate!.Value)})").ToList();
        var missed = withTarget.Where(t => t.MeetsTarget == false).Select(t => $"{TierLabel(t.Tier)} ({Percent(t.HeadlineRate!.Value)}, chỉ tiêu {Percent(t.TargetRate!.Value)})").ToList();
        var parts = new List<string>();
        if (met.Count > 0)
        {
            parts.Add((met.Count == withTarget.Count ? AllMet(withTarget) : "Đạt chỉ tiêu: ") + string.Join(", ", met));
        }

        if (missed.Count > 0)
        {
            parts.Add("Chưa đạt chỉ tiêu: " + string.Join(", ", missed));
        }

        return string.Join(". ", parts) + ".";
    }

    /// <summary>"Cả hai cấp đều đạt…" reads right only for several tiers; a month with one tier names it.</summary>
    private static string AllMet(IReadOnlyList<AggregateResult> tiers) => tiers.Count switch
    {
        1 => $"{Capitalized(TierLabel(tiers[0].Tier))} đạt và vượt chỉ tiêu được giao: ",
        2 => "Cả hai cấp đều đạt và vượt chỉ tiêu được giao: ",
        3 => "Cả ba cấp đều đạt và vượt chỉ tiêu được giao: ",
        _ => $"Cả {tiers.Count} cấp đều đạt và vượt chỉ tiêu được giao: ",
    };

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];

    private static string ProvinceUnits(PeriodAggregation aggregation, bool pooled)
    {
        var units = aggregation.Units.Where(u => u.Tier == Tier.Province && u.Rate is not null).ToList();
        if (units.Count == 0)
        {
            return string.Empty;
        }

        var sentences = new List<string>();
        var full = units.Where(u => u.Rate == 100m).Select(u => u.UnitName).Order(VietnameseOrder).ToList();
        if (full.Count > 0)
        {
            sentences.Add($"Đối với cấp tỉnh: {Count(full.Count)} cơ quan, đơn vị có tỷ lệ đạt 100% gồm: {string.Join(", ", full)}.");
        }

        var below = units.Where(u => u.MeetsTarget == false).OrderByDescending(u => u.Rate).ToList();
        if (pooled || below.Count > 0)
        {
            var target = below.FirstOrDefault()?.TargetRate;
            sentences.Add(below.Count == 0
                ? "Tất cả cơ quan, đơn vị cấp tỉnh đạt chỉ tiêu được giao."
                : $"{Count(below.Count)} đơn vị chưa đạt chỉ tiêu được giao{(target is null ? string.Empty : $" ({Percent(target.Value)})")} là: {RatedList(below)}.");
        }

        if (!pooled)
        {
            var lowest = units.Where(u => u.Rate < 100m).OrderBy(u => u.Rate).Take(LowestListed).OrderByDescending(u => u.Rate).ToList();
            if (lowest.Count > 0)
            {
                sentences.Add($"{Count(lowest.Count)} đơn vị có tỷ lệ thấp nhất gồm: {RatedList(lowest)}.");
            }
        }

        return string.Join(" ", sentences);
    }

    private static string Districts(PeriodAggregation aggregation)
    {
        var districts = aggregation.Units.Where(u => u.Tier == Tier.District && u.Rate is not null).OrderByDescending(u => u.Rate).ToList();
        if (districts.Count == 0)
        {
            return string.Empty;
        }

        var highest = districts.Take(2).ToList();
        var lowest = districts[^1];
        var text = $"Đối với cấp huyện, cao nhất là {string.Join(", ", highest.Select(u => $"UBND {u.UnitName} {Percent(u.Rate!.Value)}"))}; thấp nhất là UBND {lowest.UnitName} ({Percent(lowest.Rate!.Value)}).";
        var expected = aggregation.Tiers.Single(t => t.Tier == TierNames.District).UnitsExpected;
        var meeting = districts.Where(u => u.MeetsTarget == true).ToList();
        if (districts[0].TargetRate is { } target)
        {
            text += meeting.Count == 0
                ? $" Chưa có địa phương nào đạt chỉ tiêu được giao ({Percent(target)})."
                : $" {JoinWithAnd(meeting.Select(u => $"UBND {u.UnitName}"))} là {Count(meeting.Count)}/{Count(expected)} địa phương đạt chỉ tiêu được giao (từ {Percent(target)} trở lên).";
        }

        return text;
    }

    private static string CommuneGroups(PeriodAggregation aggregation, bool pooled, string communeWords)
    {
        var groups = aggregation.Groups.Where(g => g.HeadlineRate is not null).OrderByDescending(g => g.HeadlineRate).ToList();
        var communes = aggregation.Units.Where(u => u.Tier == Tier.Commune && u.Rate is not null).ToList();
        var sentences = new List<string>();
        var measure = pooled ? "tỷ lệ" : "tỷ lệ trung bình";
        if (groups.Count > 0)
        {
            var top = groups[0];
            var bottom = groups[^1];
            sentences.Add($"Đối với cấp xã, cao nhất là các {communeWords} trên địa bàn {top.ParentName} đạt {measure} {Percent(top.HeadlineRate!.Value)}.");
            if (groups.Count > 1)
            {
                sentences.Add($"Thấp nhất là các {communeWords} trên địa bàn {bottom.ParentName} đạt {measure} {Percent(bottom.HeadlineRate!.Value)}.");
            }

            sentences.Add($"Theo từng địa bàn: {string.Join("; ", groups.Select(g => $"{g.ParentName} {Percent(g.HeadlineRate!.Value)}"))}.");
        }

        var below = communes.Where(u => u.MeetsTarget == false).OrderByDescending(u => u.Rate).ToList();
        if (communes.Count > 0)
        {
            sentences.Add(below.Count == 0
                ? $"Tất cả {communeWords} báo cáo đều đạt chỉ tiêu được giao."
                : below.Count <= NamesListed
                    ? $"{Count(below.Count)} {communeWords} chưa đạt chỉ tiêu: {RatedList(below)}."
                    : $"{Count(below.Count)} {communeWords} chưa đạt chỉ tiêu; thấp nhất: {RatedList(below.TakeLast(LowestListed).ToList())}.");
        }

        return string.Join(" ", sentences);
    }

    private static string Missing(PeriodAggregation aggregation)
    {
        if (aggregation.Missing.Count == 0)
        {
            return string.Empty;
        }

        var names = aggregation.Missing.Select(m => m.UnitName).ToList();
        return names.Count <= NamesListed
            ? $"Chưa gửi báo cáo ({Count(names.Count)} đơn vị): {string.Join(", ", names)}."
            : $"Chưa gửi báo cáo: {Count(names.Count)} đơn vị (xem danh sách đơn vị chưa báo cáo).";
    }

    private static IEnumerable<AggregateResult> TierRows(PeriodAggregation aggregation) =>
        aggregation.Tiers.Where(t => t.Tier != TierNames.All && t.UnitsExpected > 0);

    private static string ChangeSuffix(AggregateResult tier) =>
        tier.DeltaPoints is { } delta ? $" ({Change(delta)})" : string.Empty;

    private static string TierLabel(string tier) => TierNames.TryParse(tier, out var t) ? t.ToVietnamese() : tier;

    private static string RatedList(IEnumerable<UnitResult> units) =>
        string.Join(", ", units.Select(u => $"{u.UnitName} ({Percent(u.Rate!.Value)})"));

    private static string JoinWithAnd(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " và " + list[^1];
    }

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLower(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];
}
