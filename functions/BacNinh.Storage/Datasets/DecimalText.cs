using System.Globalization;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Table Storage has no decimal type and a double would lose the exact rates, so rates are
/// stored as invariant decimal strings and parsed back exactly.
/// </summary>
public static class DecimalText
{
    public static string? Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static decimal? Parse(object? value) => value switch
    {
        null => null,
        string s when s.Length == 0 => null,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        double d => (decimal)d,
        _ => throw new FormatException($"Not a stored decimal: {value}"),
    };
}
