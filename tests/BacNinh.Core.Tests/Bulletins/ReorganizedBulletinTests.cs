using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

using static BacNinh.Core.Tests.UnitRows;

namespace BacNinh.Core.Tests.Bulletins;

/// <summary>The bulletin of a month after the reorganization reads right for the tiers it has.</summary>
public sealed class ReorganizedBulletinTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period June = new(2025, 6);
    private static readonly Period July = new(2025, 7);

    private static string Compose(Period period, IReadOnlyCollection<BacNinh.Core.Ingestion.UnitObservation> current, IReadOnlyCollection<BacNinh.Core.Ingestion.UnitObservation> previous)
    {
        var aggregation = new PeriodAggregator(Reference).Aggregate(period, Reference.Indicators.Find("ONLINE_DOSSIERS")!, current, previous);
        return new BulletinComposer(Reference).Compose(period, [aggregation]).ToMarkdown();
    }

    [Fact]
    public void TheFirstMonthAfterTheReorganizationSaysItsChangesAreOnComparableFigures()
    {
        var text = Compose(July,
            [Row("ONLINE_DOSSIERS", "09187", 700, 1000, period: July), Row("ONLINE_DOSSIERS", "P-STC", 80, 100, period: July)],
            [Row("ONLINE_DOSSIERS", "09187", 90, 100, period: June), Row("ONLINE_DOSSIERS", "09184", 150, 200, period: June), Row("ONLINE_DOSSIERS", "P-STC", 70, 100, period: June)]);

        var sentence = "mức tăng, giảm so với tháng 6/2025 được tính trên số liệu so sánh được";
        Assert.Single(text.Split(sentence, StringSplitOptions.None).Skip(1));
        // Kinh Bắc's June figure is its two reporting wards pooled: 240 / 300 = 80 %, not Suối Hoa's 90 %.
        Assert.Contains("cấp xã đạt 70% (giảm 10%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrdinaryMonthSaysNothingAboutComparableFigures()
    {
        var august = new Period(2025, 8);
        var text = Compose(august, [Row("ONLINE_DOSSIERS", "09187", 70, 100, period: august)], [Row("ONLINE_DOSSIERS", "09187", 60, 100, period: July)]);

        Assert.DoesNotContain("so sánh được", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AMonthWithOneTierAtItsTargetNamesThatTier()
    {
        var text = Compose(July, [Row("ONLINE_DOSSIERS", "09187", 70, 100, period: July)], []);

        Assert.Contains("Cấp xã đạt và vượt chỉ tiêu được giao: cấp xã (50%)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cả 1 cấp", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoTiersAtTheirTargetsAreBothTiersInWords()
    {
        var text = Compose(July, [Row("ONLINE_DOSSIERS", "09187", 70, 100, period: July), Row("ONLINE_DOSSIERS", "P-STC", 80, 100, period: July)], []);

        Assert.Contains("Cả hai cấp đều đạt và vượt chỉ tiêu được giao", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CommunesAfterJuly2025AreWardsAndCommunesOnly()
    {
        var text = Compose(July, [Row("ONLINE_DOSSIERS", "09187", 40, 100, period: July)], []);

        Assert.Contains("01 xã, phường chưa đạt chỉ tiêu: Phường Kinh Bắc (40%).", text, StringComparison.Ordinal);
        Assert.DoesNotContain("thị trấn", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangesRestingOnEdgesBelowHighConfidenceSaySo()
    {
        var november = new Period(2024, 11);
        var december = new Period(2024, 12);

        var text = Compose(december, [Row("ONLINE_DOSSIERS", "09508", 70, 100, period: december)],
            [Row("ONLINE_DOSSIERS", "09508", 60, 100, period: november), Row("ONLINE_DOSSIERS", "09520", 40, 100, period: november)]);

        Assert.Contains("so với tháng 11/2024 được tính trên số liệu so sánh được", text, StringComparison.Ordinal);
        Assert.Contains("chưa được xác nhận đầy đủ", text, StringComparison.Ordinal);
        Assert.Contains("Xã Lai Hạ → Xã An Tập", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Phường Vệ An → Phường Tiền Ninh Vệ", text, StringComparison.Ordinal);
    }
}
