using BacNinh.Core.Units;

namespace BacNinh.Core.Ingestion;

/// <summary>Header and label text reduced for comparison: no case, diacritics or punctuation.</summary>
public static class HeaderText
{
    /// <summary>The folded text with every run of characters that are not letters or digits turned into one space.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = Normalize(text, buffer);
        return buffer[..length].SequenceEqual(text) ? text : new string(buffer[..length]);
    }

    /// <summary>Normalizes into <paramref name="destination"/> (at least as long as the text) and returns the length written.</summary>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        var folded = UnitNameKey.Fold(text, destination);
        var length = 0;
        var pendingSpace = false;
        for (var i = 0; i < folded; i++)
        {
            // Writing never overtakes reading, so folding and squeezing share one buffer.
            var c = destination[i];
            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[length++] = ' ';
                pendingSpace = false;
            }

            destination[length++] = c;
        }

        return length;
    }
}
