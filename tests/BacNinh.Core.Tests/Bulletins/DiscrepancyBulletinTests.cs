using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;

namespace BacNinh.Core.Tests.Bulletins;

/// <summary>The bulletin's paragraph on typed reports against dossier records (§2b): one sentence, only when something disagrees.</summary>
public sealed class DiscrepancyBulletinTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly Period August = new(2023, 8);

    private static UnitObservation Figure(string unit, long numerator, long denominator) =>
        new(August, "ONLINE_DOSSIERS", unit, Reference.Units.For(August).FindByCode(unit)!.FullName, Tier.Province, null,
            numerator, denominator, 100m * numerator / denominator, new Dictionary<string, long>(), "Sheet1", 2);

    private static string Bulletin(IReadOnlyList<ReportDiscrepancy> discrepancies)
    {
        var typed = new[] { Figure("P-STC", 620, 1000), Figure("P-STP", 301, 1000) };
        var current = CurrentObservations.Merge(Reference.Indicators.Find("ONLINE_DOSSIERS")!, typed, []);
        var aggregation = new PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find("ONLINE_DOSSIERS")!, current, []);
        return new BulletinComposer(Reference).Compose(August, [aggregation], [], discrepancies, DateTimeOffset.MinValue).ToMarkdown();
    }

    [Fact]
    public void TheLargestDiscrepanciesAreNamedInOneSentenceUnderTheirHeading()
    {
        var found = ReportDiscrepancies.Find([Figure("P-STC", 620, 1000), Figure("P-STP", 301, 1000)], [Figure("P-STC", 500, 1000), Figure("P-STP", 300, 1000)]);

        var markdown = Bulletin(found);

        var heading = markdown.IndexOf("## ĐỐI CHIẾU SỐ LIỆU BÁO CÁO VỚI DỮ LIỆU HỒ SƠ", StringComparison.Ordinal);
        Assert.True(heading > 0);
        var paragraph = markdown[heading..].Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal("Có 1 số liệu báo cáo lệch quá 1 điểm phần trăm so với dữ liệu hồ sơ; lệch nhiều nhất: Sở Tài chính (tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến: báo cáo 62%, dữ liệu hồ sơ 50%).", paragraph.TrimEnd());
    }

    [Fact]
    public void NoDiscrepancyNoParagraph()
    {
        Assert.DoesNotContain("ĐỐI CHIẾU", Bulletin([]), StringComparison.Ordinal);
    }
}
