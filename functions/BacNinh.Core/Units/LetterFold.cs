using System.Globalization;
using System.Text;

namespace BacNinh.Core.Units;

/// <summary>
/// One character folded for comparison: lower case, diacritics removed, đ → d. The table is built once
/// from the canonical decompositions of the blocks below U+2000 (every Vietnamese letter, precomposed or
/// as a combining mark, lives there), so folding a name costs a lookup per character instead of a call
/// into ICU normalisation, which was most of the time spent reading a sheet.
/// </summary>
internal static class LetterFold
{
    /// <summary>What <see cref="Of"/> returns for a combining mark: drop the character.</summary>
    public const char Mark = '\0';

    private static readonly char[] Table = Build(0x2000);

    public static char Of(char c) => c < Table.Length ? Table[c] : Slow(c);

    private static char Slow(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark ? Mark : char.ToLowerInvariant(c);

    private static char[] Build(int size)
    {
        var table = new char[size];
        for (var i = 0; i < size; i++)
        {
            var c = (char)i;
            if (c == Mark || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                table[i] = Mark;
                continue;
            }

            var letter = i < 0x80 ? c : BaseLetter(c);
            table[i] = letter is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(letter);
        }

        return table;
    }

    /// <summary>The character without its combining marks, when that leaves exactly one character.</summary>
    private static char BaseLetter(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var letters = decomposed.Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark).ToArray();
        return letters.Length == 1 ? letters[0] : c;
    }
}
