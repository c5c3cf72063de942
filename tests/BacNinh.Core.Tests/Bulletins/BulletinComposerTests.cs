using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

using static BacNinh.Core.Tests.UnitRows;

namespace BacNinh.Core.Tests.Bulletins;

public sealed class BulletinComposerTests
{
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period August = UnitRows.August2023;

    private static BulletinDocument Compose(string indicatorCode, IReadOnlyCollection<UnitObservation> current, IReadOnlyCollection<UnitObservation> previous)
    {
        var aggregation = new PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find(indicatorCode)!, current, previous);
        return new BulletinComposer(Reference).Compose(August, [aggregation]);
    }

    [Fact]
    public void MeanIndicatorListsUnitsAtFullRateAndTheLowestWithVietnameseNumbers()
    {
        var bulletin = Compose("DOC_SIGNED",
        [
            Row("DOC_SIGNED", "P-STC", 50, 50),
            Row("DOC_SIGNED", "P-STP", 40, 40),
            Row("DOC_SIGNED", "P-SXD", 9181, 10000),
            Row("DOC_SIGNED", "P-VPUBND", 8885, 10000),
            Row("DOC_SIGNED", "P-STNMT", 9233, 10000),
        ], []);

        var text = bulletin.ToMarkdown();
        Assert.Contains("tỷ lệ trung bình cấp tỉnh đạt 94,6%", text);
        Assert.Contains("02 cơ quan, đơn vị có tỷ lệ đạt 100% gồm: Sở Tài chính, Sở Tư pháp.", text);
        Assert.Contains("03 đơn vị có tỷ lệ thấp nhất gồm: Sở Tài nguyên và Môi trường (92,33%), Sở Xây dựng (91,81%), Văn phòng UBND tỉnh (88,85%).", text);
        Assert.Contains("Văn phòng UBND tỉnh (88,85%)", bulletin.ToHtml());
    }

    [Fact]
    public void PooledIndicatorStatesTheProvinceFigureItsRiseAndUnitsBelowTarget()
    {
        var july = new Period(2023, 7);
        var bulletin = Compose("ONLINE_DOSSIERS",
            [Row("ONLINE_DOSSIERS", "P-SNV", 667, 1000), Row("ONLINE_DOSSIERS", "P-STC", 900, 1000)],
            [Row("ONLINE_DOSSIERS", "P-SNV", 500, 1000, period: july), Row("ONLINE_DOSSIERS", "P-STC", 800, 1000, period: july)]);

        var text = bulletin.ToMarkdown();
        Assert.Contains("toàn tỉnh đạt 78,35% (tăng 13,35%)", text);
        Assert.Contains("01 đơn vị chưa đạt chỉ tiêu được giao (70%) là: Sở Nội vụ (66,7%).", text);
    }

    [Fact]
    public void HtmlEscapesUnitNames()
    {
        var document = new BulletinDocument("A & B").Paragraph("<script>");

        Assert.Contains("&lt;script&gt;", document.ToHtml());
        Assert.Contains("A &amp; B", document.ToHtml());
    }
}
