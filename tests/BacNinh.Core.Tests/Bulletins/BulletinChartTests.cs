using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;

using static BacNinh.Core.Tests.UnitRows;

namespace BacNinh.Core.Tests.Bulletins;

/// <summary>
/// The HTML bulletin's charts, read back from the HTML: each bar's height on the 0–100 % scale drawn by
/// the chart's own gridlines is the computed figure, and the accessible table beside it says the same.
/// </summary>
public sealed partial class BulletinChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly ReferenceData Reference = UnitRows.Reference;
    private static readonly Period August = UnitRows.August2023;

    [GeneratedRegex("<figure class=\"chart\".*?</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    private static (PeriodAggregation Aggregation, string Html) Bulletin()
    {
        var aggregation = new PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find("DOC_SIGNED")!,
        [
            Row("DOC_SIGNED", "P-STC", 50, 50),
            Row("DOC_SIGNED", "P-SXD", 9181, 10000),
            Row("DOC_SIGNED", "P-VPUBND", 8885, 10000),
            Row("DOC_SIGNED", "P-STNMT", 9233, 10000),
            Row("DOC_SIGNED", "256", 930, 1000),
            Row("DOC_SIGNED", "258", 700, 1000),
            Row("DOC_SIGNED", "259", 880, 1000),
            Row("DOC_SIGNED", "09163", 95, 100),
            Row("DOC_SIGNED", "09166", 61, 100),
        ], []);
        return (aggregation, new BulletinComposer(Reference).Compose(August, [aggregation]).ToHtml());
    }

    private static List<XElement> Charts(string html) => [.. Figure().Matches(html).Select(m => XElement.Parse(m.Value))];

    /// <summary>The heights of the bars in percent of the plot, measured between the chart's 0 % axis and its 100 % gridline.</summary>
    private static List<decimal> BarPercents(XElement figure)
    {
        var lines = figure.Descendants(Svg + "line").Where(l => l.Attribute("data-percent") is not null).ToList();
        var zero = Coordinate(lines.Single(l => l.Attribute("data-percent")!.Value == "0"), "y1");
        var hundred = Coordinate(lines.Single(l => l.Attribute("data-percent")!.Value == "100"), "y1");
        return [.. figure.Descendants(Svg + "rect").Where(r => r.Attribute("class")?.Value == "bar")
            .Select(r => Coordinate(r, "height") / (zero - hundred) * 100m)];
    }

    private static decimal Coordinate(XElement element, string attribute) =>
        decimal.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private static List<List<string>> TableRows(XElement figure) =>
        [.. figure.Descendants("table").Single().Element("tbody")!.Elements("tr").Select(tr => tr.Elements().Select(c => c.Value).ToList())];

    [Fact]
    public void IndicatorChartDrawsEachTierHeadlineAtItsHeightBesideItsTarget()
    {
        var (aggregation, html) = Bulletin();
        var chart = Charts(html)[0];
        var tiers = aggregation.Tiers.Where(t => t.Tier is "province" or "district" or "commune" && t.HeadlineRate is not null).ToList();

        var heights = BarPercents(chart);
        Assert.Equal(tiers.Count, heights.Count);
        for (var i = 0; i < tiers.Count; i++)
        {
            Assert.InRange(heights[i], tiers[i].HeadlineRate!.Value - 0.01m, tiers[i].HeadlineRate!.Value + 0.01m);
        }

        // One target mark per tier, at the tier's target (90, 85, 80 in 2023).
        var zero = Coordinate(chart.Descendants(Svg + "line").Single(l => l.Attribute("data-percent")?.Value == "0"), "y1");
        var targets = chart.Descendants(Svg + "line").Where(l => l.Attribute("class")?.Value == "target")
            .Select(l => (zero - Coordinate(l, "y1")) / SvgPlotHeight * 100m).ToList();
        Assert.Equal(tiers.Select(t => t.TargetRate!.Value), targets);

        var rows = TableRows(chart);
        Assert.Equal(["Cấp tỉnh", "93,25%", "90%", "Đạt"], rows[0]); // (100 + 91,81 + 88,85 + 92,33) / 4
        Assert.Equal(["Cấp huyện", VietnameseNumber.Percent(tiers[1].HeadlineRate!.Value), "85%", "Chưa đạt"], rows[1]);
        Assert.Equal(["Cấp xã", "78%", "80%", "Chưa đạt"], rows[2]);
    }

    [Fact]
    public void TierChartRanksItsUnitsWithTheTargetLineAndTheSameFiguresInItsTable()
    {
        var (aggregation, html) = Bulletin();
        var province = Charts(html).Single(c => c.Element("figcaption")!.Value.Contains("cấp tỉnh xếp theo tỷ lệ", StringComparison.Ordinal));
        var units = aggregation.Units.Where(u => u.Tier == BacNinh.Core.Units.Tier.Province).OrderBy(u => u.RankInTier).ToList();

        var heights = BarPercents(province);
        Assert.Equal(units.Select(u => u.Rate!.Value), heights.Select(h => Math.Round(h, 2)));
        Assert.Equal(heights.OrderDescending(), heights);

        var line = Assert.Single(province.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == "target");
        var zero = Coordinate(province.Descendants(Svg + "line").Single(l => l.Attribute("data-percent")?.Value == "0"), "y1");
        Assert.Equal(90m, (zero - Coordinate(line, "y1")) / SvgPlotHeight * 100m);

        Assert.Equal(
        [
            ["1", "Sở Tài chính", "100%", "90%", "Đạt"],
            ["2", "Sở Tài nguyên và Môi trường", "92,33%", "90%", "Đạt"],
            ["3", "Sở Xây dựng", "91,81%", "90%", "Đạt"],
            ["4", "Văn phòng UBND tỉnh", "88,85%", "90%", "Chưa đạt"],
        ], TableRows(province));
    }

    [Fact]
    public void EveryChartIsNamedForAssistiveTechnologyAndThePageHasNoScriptAndPrintsOnA4()
    {
        var (_, html) = Bulletin();
        var charts = Charts(html);

        Assert.Equal(4, charts.Count); // the indicator, then province, district and commune units
        foreach (var chart in charts)
        {
            var svg = chart.Element(Svg + "svg")!;
            Assert.Equal("img", svg.Attribute("role")!.Value);
            var named = svg.Attribute("aria-labelledby")!.Value.Split(' ');
            Assert.Equal(chart.Attribute("id")!.Value + "-title", svg.Element(Svg + "title")!.Attribute("id")!.Value);
            Assert.Equal<string>(named, [svg.Element(Svg + "title")!.Attribute("id")!.Value, svg.Element(Svg + "desc")!.Attribute("id")!.Value]);
            Assert.NotEmpty(svg.Element(Svg + "desc")!.Value);
            Assert.NotNull(chart.Descendants("table").Single().Element("caption"));
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("@page { size: A4 portrait;", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownKeepsItsTextWithoutCharts()
    {
        var aggregation = new PeriodAggregator(Reference).Aggregate(August, Reference.Indicators.Find("DOC_SIGNED")!, [Row("DOC_SIGNED", "P-STC", 50, 50)], []);
        var markdown = new BulletinComposer(Reference).Compose(August, [aggregation]).ToMarkdown();

        Assert.Contains("Sở Tài chính", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", markdown, StringComparison.Ordinal);
    }

    private static decimal SvgPlotHeight => Core.Bulletins.Charts.SvgBarChart.PlotHeight;
}
