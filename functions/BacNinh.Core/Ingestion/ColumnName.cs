namespace BacNinh.Core.Ingestion;

/// <summary>Excel column letters for a 0-based index: 0 → A, 26 → AA.</summary>
public static class ColumnName
{
    public static string Of(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
