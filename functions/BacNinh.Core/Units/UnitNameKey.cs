namespace BacNinh.Core.Units;

/// <summary>
/// Reduces a unit name as clerks write it to a comparison key: no case, no diacritics
/// (NFC and NFD alike), no punctuation, the usual abbreviations expanded and the
/// administrative prefixes ("UBND", "Huyện", "TP.", "Xã"…) removed.
/// Runs once per uploaded row, so it works in stack buffers and allocates only the key.
/// </summary>
public static class UnitNameKey
{
    // Longest stack buffer; longer names (never seen in practice) use the heap.
    private const int StackLimit = 512;

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

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> WordExpansions = new Dictionary<string, string>(StringComparer.Ordinal)
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
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    // The longest expansion over its word ("ldtbxh" → 27 characters) bounds how much a name can grow.
    private const int MaxGrowth = 6;

    // Prefixes naming the kind of local government, removed so "UBND Huyện Gia Bình" == "Gia Bình";
    // the kind they name is kept apart to tell Huyện Gia Bình from Thị trấn Gia Bình.
    private static readonly (string Words, Tier? Kind)[] AdministrativePrefixes =
    [
        ("uy ban nhan dan ", null),
        ("thanh pho ", Tier.District), ("tp ", Tier.District),
        ("thi xa ", Tier.District), ("tx ", Tier.District),
        ("huyen ", Tier.District), ("h ", Tier.District),
        ("thi tran ", Tier.Commune), ("tt ", Tier.Commune),
        ("phuong ", Tier.Commune), ("p ", Tier.Commune),
        ("xa ", Tier.Commune),
    ];

    /// <summary>Lower case, diacritics removed (đ → d), whitespace collapsed; punctuation kept.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = text.Length <= StackLimit ? stackalloc char[text.Length] : new char[text.Length];
        var length = Fold(text, buffer);
        return buffer[..length].SequenceEqual(text) ? text : new string(buffer[..length]);
    }

    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (at least as long) and returns the length written.</summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        var lastWasSpace = true;
        foreach (var c in text)
        {
            var folded = LetterFold.Of(c);
            if (folded == LetterFold.Mark)
            {
                continue;
            }

            if (char.IsWhiteSpace(folded))
            {
                if (!lastWasSpace)
                {
                    destination[length++] = ' ';
                }

                lastWasSpace = true;
                continue;
            }

            destination[length++] = folded;
            lastWasSpace = false;
        }

        return length > 0 && destination[length - 1] == ' ' ? length - 1 : length;
    }

    /// <summary>The comparison key: words joined by one space, administrative prefixes removed.</summary>
    public static string Of(string text) => Parse(text).Key;

    /// <summary>The comparison key and the tier its administrative prefix names, if it has one.</summary>
    public static (string Key, Tier? Kind) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Length <= StackLimit ? stackalloc char[text.Length] : new char[text.Length];
        ReadOnlySpan<char> source = folded[..Fold(text, folded)];
        if (source.IndexOfAny('&', '-') >= 0 || source.Contains("hcc", StringComparison.Ordinal))
        {
            source = ExpandAbbreviations(source.ToString());
        }

        var capacity = (source.Length * MaxGrowth) + 1;
        var words = capacity <= StackLimit * 2 ? stackalloc char[capacity] : new char[capacity];
        var length = JoinWords(source, words);

        // Strip prefixes while a word would remain; "words" ends with a space so each prefix carries its own.
        Tier? kind = null;
        var start = 0;
        var removed = true;
        while (removed)
        {
            removed = false;
            foreach (var (prefix, prefixKind) in AdministrativePrefixes)
            {
                var rest = words[start..length];
                if (rest.Length > prefix.Length && rest.StartsWith(prefix, StringComparison.Ordinal))
                {
                    start += prefix.Length;
                    kind = prefixKind ?? kind;
                    removed = true;
                    break;
                }
            }
        }

        return (new string(words[start..Math.Max(start, length - 1)]), kind);
    }

    private static string ExpandAbbreviations(string folded)
    {
        foreach (var (abbreviation, expansion) in Abbreviations)
        {
            folded = folded.Replace(abbreviation, " " + expansion + " ", StringComparison.Ordinal);
        }

        return folded;
    }

    /// <summary>
    /// Writes each word (letters and digits) followed by one space, dropping "và" and expanding
    /// abbreviations such as "ubnd"; returns the length written.
    /// </summary>
    private static int JoinWords(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = 0;
        var i = 0;
        while (i < source.Length)
        {
            if (!char.IsLetterOrDigit(source[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < source.Length && char.IsLetterOrDigit(source[end]))
            {
                end++;
            }

            var word = source[i..end];
            i = end;
            if (word.SequenceEqual("va"))
            {
                continue;
            }

            ReadOnlySpan<char> written = WordExpansions.TryGetValue(word, out var expansion) ? expansion : word;
            written.CopyTo(destination[length..]);
            length += written.Length;
            destination[length++] = ' ';
        }

        return length;
    }
}
