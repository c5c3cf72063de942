using System.Globalization;
using System.Text;

namespace BacNinh.Core.Units;

/// <summary>
/// Reduces a unit name as clerks write it to a comparison key: no case, no diacritics
/// (NFC and NFD alike), no punctuation, the usual abbreviations expanded and the
/// administrative prefixes ("UBND", "Huyện", "TP.", "Xã"…) removed.
/// </summary>
public static class UnitNameKey
{
    // Applied to the folded text before punctuation is dropped, because "&" and "-" carry meaning here.
    private static readonly (string Abbreviation, string Expansion)[] Abbreviations =
    [
        ("tn&mt", "tai nguyen moi truong"),
        ("tt&tt", "thong tin truyen thong"),
        ("kh&dt", "ke hoach dau tu"),
        ("kh&cn", "khoa hoc cong nghe"),
        ("gd&dt", "giao duc dao tao"),
        ("ld-tb&xh", "lao dong thuong binh xa hoi"),
        ("vhtt&dl", "van hoa the thao du lich"),
        ("nn&ptnt", "nong nghiep phat trien nong thon"),
        ("tt hcc", "trung tam hcc"),
        ("tt. hcc", "trung tam hcc"),
    ];

    private static readonly Dictionary<string, string> WordExpansions = new(StringComparer.Ordinal)
    {
        ["ubnd"] = "uy ban nhan dan",
        ["gtvt"] = "giao thong van tai",
        ["bql"] = "ban quan ly",
        ["ql"] = "quan ly",
        ["vp"] = "van phong",
        ["hcc"] = "hanh chinh cong",
        ["kcn"] = "khu cong nghiep",
        ["attp"] = "an toan thuc pham",
        ["tnmt"] = "tai nguyen moi truong",
        ["tttt"] = "thong tin truyen thong",
        ["khdt"] = "ke hoach dau tu",
        ["khcn"] = "khoa hoc cong nghe",
        ["gddt"] = "giao duc dao tao",
        ["ldtbxh"] = "lao dong thuong binh xa hoi",
        ["vhttdl"] = "van hoa the thao du lich",
        ["nnptnt"] = "nong nghiep phat trien nong thon",
    };

    // Prefixes naming the kind of local government, removed so "UBND Huyện Gia Bình" == "Gia Bình";
    // the kind they name is kept apart to tell Huyện Gia Bình from Thị trấn Gia Bình.
    private static readonly (string[] Words, Tier? Kind)[] AdministrativePrefixes =
    [
        (["uy", "ban", "nhan", "dan"], null),
        (["thanh", "pho"], Tier.District), (["tp"], Tier.District),
        (["thi", "xa"], Tier.District), (["tx"], Tier.District),
        (["huyen"], Tier.District), (["h"], Tier.District),
        (["thi", "tran"], Tier.Commune), (["tt"], Tier.Commune),
        (["phuong"], Tier.Commune), (["p"], Tier.Commune),
        (["xa"], Tier.Commune),
    ];

    /// <summary>Lower case, diacritics removed (đ → d), whitespace collapsed; punctuation kept.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var folded = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsWhiteSpace(folded))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(folded);
            lastWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    /// <summary>Words of the name after folding, abbreviation expansion and punctuation removal.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var folded = Fold(text);
        foreach (var (abbreviation, expansion) in Abbreviations)
        {
            folded = folded.Replace(abbreviation, " " + expansion + " ", StringComparison.Ordinal);
        }

        var words = new List<string>();
        foreach (var raw in folded.Split(static c => !char.IsLetterOrDigit(c)))
        {
            if (raw.Length == 0 || raw == "va")
            {
                continue;
            }

            if (WordExpansions.TryGetValue(raw, out var expansion))
            {
                words.AddRange(expansion.Split(' '));
            }
            else
            {
                words.Add(raw);
            }
        }

        return words;
    }

    /// <summary>The comparison key: words joined by one space, administrative prefixes removed.</summary>
    public static string Of(string text) => Parse(text).Key;

    /// <summary>The comparison key and the tier its administrative prefix names, if it has one.</summary>
    public static (string Key, Tier? Kind) Parse(string text)
    {
        var words = Words(text).ToList();
        Tier? kind = null;
        var removed = true;
        while (removed && words.Count > 1)
        {
            removed = false;
            foreach (var (prefix, prefixKind) in AdministrativePrefixes)
            {
                if (words.Count > prefix.Length && words.Take(prefix.Length).SequenceEqual(prefix))
                {
                    words.RemoveRange(0, prefix.Length);
                    kind = prefixKind ?? kind;
                    removed = true;
                    break;
                }
            }
        }

        return (string.Join(' ', words), kind);
    }
}

internal static class StringSplitExtensions
{
    public static IEnumerable<string> Split(this string text, Func<char, bool> isSeparator)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || isSeparator(text[i]))
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
    }
}
