using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// The file name a client gives an upload, made safe as the last segment of a blob path: only
/// the part after the last <c>/</c> or <c>\</c> (browsers send <c>C:\fakepath\…</c>), no control
/// characters, no <c>..</c>, no leading or trailing dots or spaces, at most <see cref="MaxLength"/> characters.
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
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            if (!char.IsControl(c) && c is not ('\u2028' or '\u2029' or '\uFEFF'))
            {
                text.Append(c);
            }
        }

        var cleaned = text.ToString();
        while (cleaned.Contains("..", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("..", ".", StringComparison.Ordinal);
        }

        cleaned = cleaned.Trim().Trim('.').Trim();
        if (cleaned.Length > MaxLength)
        {
            var dot = cleaned.LastIndexOf('.');
            var extension = dot > 0 && cleaned.Length - dot <= 10 ? cleaned[dot..] : string.Empty;
            cleaned = cleaned[..(MaxLength - extension.Length)].TrimEnd() + extension;
        }

        if (cleaned.Length == 0)
        {
            return false;
        }

        name = cleaned;
        return true;
    }
}
