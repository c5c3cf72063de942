namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// A cell as the file stores it: <see cref="Value"/> is a string, double, DateTime, bool or null;
/// <see cref="NumberFormat"/> is the Excel format (e.g. <c>0.00%</c>) when the format has one.
/// </summary>
public readonly record struct SheetCell(object? Value, string? NumberFormat = null)
{
    public static SheetCell Empty => default;

    public bool IsEmpty => Value is null || (Value is string s && string.IsNullOrWhiteSpace(s));

    public string Text => Value switch
    {
        null => string.Empty,
        string s => s.Trim(),
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? string.Empty,
    };
}
