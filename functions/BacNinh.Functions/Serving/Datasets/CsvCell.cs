using System.Globalization;
using System.Text;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// CSV cells that are safe to open in Excel: quoted when needed, and text beginning with
/// <c>= + - @</c> (or tab/CR) prefixed with an apostrophe so it is never run as a formula.
/// </summary>
public static class CsvCell
{
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// Appends <paramref name="value"/> as <see cref="Format"/> and <see cref="Escape"/> would, numbers
    /// and dates formatted in place: they never need quoting, and a negative number is data, not a formula.
    /// </summary>
    public static void Append(StringBuilder text, object? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (value)
        {
            case null: break;
            case string s: text.Append(Escape(s)); break;
            case decimal m: text.Append(CultureInfo.InvariantCulture, $"{m}"); break;
            case long l: text.Append(CultureInfo.InvariantCulture, $"{l}"); break;
            case int i: text.Append(CultureInfo.InvariantCulture, $"{i}"); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case DateOnly d: text.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd}"); break;
            case DateTimeOffset t: text.Append(CultureInfo.InvariantCulture, $"{t:O}"); break;
            default: text.Append(Escape(Format(value))); break;
        }
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(text))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    // A negative number such as a fall of -3.5 points is data, not a formula.
    private static bool IsNumber(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
