using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace BacNinh.Core.Bulletins;

/// <summary>
/// The bulletin as headings and paragraphs, rendered to Markdown and HTML from the same text
/// so the two can never say different things.
/// </summary>
public sealed class BulletinDocument(string title)
{
    // Vietnamese letters stay readable in the HTML; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly List<(bool IsHeading, string Text)> _blocks = [];

    public string Title { get; } = title;

    public BulletinDocument Heading(string text)
    {
        _blocks.Add((true, text));
        return this;
    }

    public BulletinDocument Paragraph(string text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _blocks.Add((false, text));
        }

        return this;
    }

    public string ToMarkdown()
    {
        var builder = new StringBuilder().Append("# ").AppendLine(Title).AppendLine();
        foreach (var (isHeading, text) in _blocks)
        {
            builder.Append(isHeading ? "## " : string.Empty).AppendLine(text).AppendLine();
        }

        return builder.ToString();
    }

    public string ToHtml()
    {
        var builder = new StringBuilder()
            .AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + Html.Encode(Title) + "</title></head><body>")
            .Append("<h1>").Append(Html.Encode(Title)).AppendLine("</h1>");
        foreach (var (isHeading, text) in _blocks)
        {
            var tag = isHeading ? "h2" : "p";
            builder.Append('<').Append(tag).Append('>').Append(Html.Encode(text)).Append("</").Append(tag).AppendLine(">");
        }

        return builder.AppendLine("</body></html>").ToString();
    }
}
