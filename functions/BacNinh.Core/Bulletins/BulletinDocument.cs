using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using BacNinh.Core.Bulletins.Charts;

namespace BacNinh.Core.Bulletins;

/// <summary>
/// The bulletin as headings, paragraphs and charts, rendered to Markdown and HTML from the same text
/// so the two can never say different things. Charts are drawn in the HTML only (inline SVG with the
/// same figures as a table); the Markdown says the same in its text.
/// </summary>
public sealed class BulletinDocument(string title)
{
    // Vietnamese letters stay readable in the HTML; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly List<(bool IsHeading, string Text, BarChart? Chart)> _blocks = [];

    public string Title { get; } = title;

    public BulletinDocument Heading(string text)
    {
        _blocks.Add((true, text, null));
        return this;
    }

    public BulletinDocument Paragraph(string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add((false, text, null));
        }

        return this;
    }

    /// <summary>Adds a chart (HTML only); nothing when there is nothing to draw.</summary>
    public BulletinDocument Chart(BarChart? chart)
    {
        if (chart is not null)
        {
            _blocks.Add((false, string.Empty, chart));
        }

        return this;
    }

    public string ToMarkdown()
    {
        var builder = new StringBuilder().Append("# ").AppendLine(Title).AppendLine();
        foreach (var (isHeading, text, _) in _blocks.Where(b => b.Chart is null))
        {
            builder.Append(isHeading ? "## " : string.Empty).AppendLine(text).AppendLine();
        }

        return builder.ToString();
    }

    public string ToHtml()
    {
        var builder = new StringBuilder()
            .AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Html.Encode(Title) + "</title>")
            .Append("<style>").Append(BulletinStyles.Css).AppendLine("</style></head><body>")
            .Append("<h1>").Append(Html.Encode(Title)).AppendLine("</h1>");
        var charts = 0;
        foreach (var (isHeading, text, chart) in _blocks)
        {
            if (chart is not null)
            {
                builder.AppendLine(SvgBarChart.Render(chart, string.Create(CultureInfo.InvariantCulture, $"chart-{++charts}")));
                continue;
            }

            var tag = isHeading ? "h2" : "p";
            builder.Append('<').Append(tag).Append('>').Append(Html.Encode(text)).Append("</").Append(tag).AppendLine(">");
        }

        return builder.AppendLine("</body></html>").ToString();
    }
}
