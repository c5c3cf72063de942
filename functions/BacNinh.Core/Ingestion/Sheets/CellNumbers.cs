using System.Globalization;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Numbers of a cell's stored text, as the xlsx reader hands them on (boxed doubles). Most cells
/// of agency files and exports are plain whole numbers such as <c>1000</c>: those are read digit by
/// digit, and the small ones share one box each, so a count cell costs no allocation.
/// </summary>
internal static class CellNumbers
{
    // Whole numbers below this share a box: counts of documents and dossiers are mostly small.
    private const int SharedBoxes = 4_096;

    // Up to 15 digits a whole number is exact in a double, so reading it digit by digit gives what double.Parse gives.
    private const int MaxPlainDigits = 15;

    private static readonly object[] Boxes = CreateBoxes();

    /// <summary>The number <paramref name="text"/> holds, as <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/> with <see cref="NumberStyles.Float"/> reads it.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double number)
    {
        if (text.Length is > 0 and <= MaxPlainDigits)
        {
            long whole = 0;
            var plain = true;
            foreach (var c in text)
            {
                if (!char.IsAsciiDigit(c))
                {
                    plain = false;
                    break;
                }

                whole = (whole * 10) + (c - '0');
            }

            if (plain)
            {
                number = whole;
                return true;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>
    /// Digits only, at most <paramref name="max"/>: what <c>long.TryParse</c> with <see cref="NumberStyles.None"/> accepts in
    /// that range (XML text cannot hold the trailing NULs it also allows). Row numbers, style and shared-string indexes are
    /// read this way, several per row.
    /// </summary>
    public static bool TryParseDigits(ReadOnlySpan<char> text, long max, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9 || value > (max - digit) / 10)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    /// <summary><paramref name="number"/> boxed; small non-negative whole numbers share a box.</summary>
    public static object Box(double number) =>
        number is >= 0 and < SharedBoxes && !double.IsNegative(number) && (int)number == number ? Boxes[(int)number] : number;

    private static object[] CreateBoxes()
    {
        var boxes = new object[SharedBoxes];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = (double)i;
        }

        return boxes;
    }
}
