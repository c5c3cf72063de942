using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// The file name a client gives an upload, made safe as the last segment of a blob path: only
/// the part after the last <c>/</c> or <c>\</c> (browsers send <c>C:\fakepath\…</c>), no control
/// or format characters (a right-to-left override would show <c>bao-cao‮xslx.exe</c> as
/// <c>bao-caoexe.xlsx</c>), no <c>..</c>, no leading or trailing dots or spaces (also after
/// shortening), at most <see cref="MaxLength"/> characters.
/// </summary>
public static class UploadFileName
{
    public const int MaxLength = 200;

    public static bool TrySanitize(string? raw, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var last = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var text = new StringBuilder(last.Length);
        foreach (var rune in last.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                text.Append(rune.ToString());
            }
        }

        var cleaned = text.ToString();
        while (cleaned.Contains("..", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("..", ".", StringComparison.Ordinal);
        }

        cleaned = TrimDotsAndSpaces(cleaned);
        if (cleaned.Length > MaxLength)
        {
            var dot = cleaned.LastIndexOf('.');
            var extension = dot > 0 && cleaned.Length - dot <= 10 ? cleaned[dot..] : string.Empty;
            var cut = MaxLength - extension.Length;
            if (char.IsLowSurrogate(cleaned[cut]))
            {
                cut--;
            }

            // The cut may end the stem on a dot: "stem." + ".xlsx" would hide the extension.
            cleaned = TrimDotsAndSpaces(cleaned[..cut]) + extension;
        }

        if (cleaned.Length == 0)
        {
            return false;
        }

        name = cleaned;
        return true;
    }

    // Controls, format characters (bidirectional overrides, zero-width joiners, BOM) and line or
    // paragraph separators change how a name reads without showing themselves.
    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune == Rune.ReplacementChar; // what a lone surrogate became

    private static string TrimDotsAndSpaces(string text)
    {
        var (start, end) = (0, text.Length);
        while (start < end && IsDotOrSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsDotOrSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsDotOrSpace(char c) => c == '.' || char.IsWhiteSpace(c);
}
