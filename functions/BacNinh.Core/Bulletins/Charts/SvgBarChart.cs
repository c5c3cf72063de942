using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using static BacNinh.Core.Bulletins.VietnameseNumber;

namespace BacNinh.Core.Bulletins.Charts;

/// <summary>
/// Draws a <see cref="BarChart"/> as an inline SVG inside a <c>figure</c>, followed by the same figures
/// as a table: no script, no external resource. The plot spans 0–100 %, so a bar's height is
/// <c>rate / 100 × <see cref="PlotHeight"/></c>, and gridlines every 20 points mark the scale.
/// The markup is well-formed XML as well as HTML.
/// </summary>
public static class SvgBarChart
{
    public const int Width = 720;
    public const int PlotHeight = 200;
    private const int Top = 34;
    private const int Left = 48;
    private const int Right = 16;
    private const int FlatLabelsUpTo = 5;
    private const int ValueLabelsUpTo = 12;
    private const int NameLabelsUpTo = 30;
    private const int LabelCharacters = 24;
    private const string Meets = "#1d6b2f";
    private const string Misses = "#a4161a";
    private const string NoTarget = "#0b4f9c";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(BarChart chart, string id)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var bars = chart.Bars;
        var labelArea = bars.Count <= FlatLabelsUpTo ? 28 : bars.Count <= NameLabelsUpTo ? 130 : 36;
        var height = Top + PlotHeight + labelArea;
        var baseline = Top + PlotHeight;
        var slot = (double)(Width - Left - Right) / Math.Max(bars.Count, 1);
        var barWidth = Math.Min(slot * 0.7, 64);

        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, Arial, sans-serif\" font-size=\"11\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Html.Encode(chart.Title)}</title>")
            .Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{Html.Encode(chart.Description)}</desc>");
        for (var percent = 0; percent <= 100; percent += 20)
        {
            var y = Y(percent, baseline);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{(percent == 0 ? "axis" : "grid")}\" data-percent=\"{percent}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{(percent == 0 ? "#1b1b1b" : "#d0d0d0")}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\" fill=\"#4a4a4a\">{percent}%</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = Left + (slot * i) + ((slot - barWidth) / 2);
            var barHeight = (double)bar.Value / 100 * PlotHeight;
            var colour = bar.MeetsTarget switch { true => Meets, false => Misses, null => NoTarget };
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(baseline - barHeight)}\" width=\"{N(barWidth)}\" height=\"{N(barHeight)}\" fill=\"{colour}\">")
                .Append("<title>").Append(Html.Encode(BarText(bar))).Append("</title></rect>");
            if (bar.Target is { } target && chart.TargetLine is null)
            {
                var y = Y((double)target, baseline);
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{N(x - 6)}\" x2=\"{N(x + barWidth + 6)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#1b1b1b\" stroke-width=\"3\"/>");
            }

            Labels(svg, bars.Count, bar, i, x + (barWidth / 2), baseline - barHeight, baseline);
        }

        if (chart.TargetLine is { } line)
        {
            var y = Y((double)line, baseline);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#1b1b1b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>")
                // Its legend sits above the plot, where no bar or value label can cover it.
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right - 130}\" x2=\"{Width - Right - 100}\" y1=\"10\" y2=\"10\" stroke=\"#1b1b1b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 94}\" y=\"14\" font-weight=\"bold\" fill=\"#1b1b1b\">Chỉ tiêu {Html.Encode(Percent(line))}</text>");
        }

        svg.Append("</svg>");
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"{id}\">")
            .Append(CultureInfo.InvariantCulture, $"<figcaption>{Html.Encode(chart.Title)}</figcaption>")
            .Append(svg)
            .Append(Table(chart))
            .Append("</figure>")
            .ToString();
    }

    private static void Labels(StringBuilder svg, int count, ChartBar bar, int index, double centre, double barTop, double baseline)
    {
        if (count <= ValueLabelsUpTo)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(centre)}\" y=\"{N(barTop - 4)}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1b1b1b\">{Html.Encode(Percent(bar.Value))}</text>");
        }

        if (count <= FlatLabelsUpTo)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(centre)}\" y=\"{N(baseline + 16)}\" text-anchor=\"middle\" fill=\"#1b1b1b\">{Html.Encode(Short(bar.Label))}</text>");
        }
        else if (count <= NameLabelsUpTo)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(centre)}\" y=\"{N(baseline + 10)}\" text-anchor=\"end\" transform=\"rotate(-50 {N(centre)} {N(baseline + 10)})\" fill=\"#1b1b1b\">{Html.Encode(Short(bar.Label))}</text>");
        }
        else if (index == 0 || (index + 1) % 10 == 0)
        {
            // Too many units to name under the bars: their ranks mark the axis, the table names them.
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(centre)}\" y=\"{N(baseline + 14)}\" text-anchor=\"middle\" fill=\"#4a4a4a\">{bar.Rank ?? index + 1}</text>");
        }
    }

    private static string Table(BarChart chart)
    {
        var ranked = chart.Bars.Any(b => b.Rank is not null);
        var table = new StringBuilder()
            .Append("<table class=\"chart-data\"><caption>Số liệu của biểu đồ: ").Append(Html.Encode(chart.Title)).Append("</caption><thead><tr>")
            .Append(ranked ? "<th scope=\"col\">Hạng</th>" : string.Empty)
            .Append("<th scope=\"col\">").Append(Html.Encode(chart.LabelHeader)).Append("</th><th scope=\"col\">Tỷ lệ</th><th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Đạt chỉ tiêu</th></tr></thead><tbody>");
        foreach (var bar in chart.Bars)
        {
            table.Append("<tr>")
                .Append(ranked ? $"<td>{bar.Rank}</td>" : string.Empty)
                .Append("<th scope=\"row\">").Append(Html.Encode(bar.Label)).Append("</th>")
                .Append("<td>").Append(Html.Encode(Percent(bar.Value))).Append("</td>")
                .Append("<td>").Append(bar.Target is { } target ? Html.Encode(Percent(target)) : string.Empty).Append("</td>")
                .Append("<td>").Append(bar.MeetsTarget switch { true => "Đạt", false => "Chưa đạt", null => string.Empty }).Append("</td></tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    private static string BarText(ChartBar bar) =>
        $"{bar.Label}: {Percent(bar.Value)}" + (bar.Target is { } target ? $" (chỉ tiêu {Percent(target)})" : string.Empty);

    private static string Short(string label) => label.Length <= LabelCharacters ? label : label[..(LabelCharacters - 1)] + "…";

    private static double Y(double percent, double baseline) => baseline - (percent / 100 * PlotHeight);

    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
