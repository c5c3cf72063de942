using System.Globalization;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>Reads a dataset field out of a table entity as its typed value.</summary>
public static class DatasetValues
{
    public static object? Get(TableEntity entity, DatasetField field)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(field);
        if (!entity.TryGetValue(field.Name, out var raw) || raw is null)
        {
            return null;
        }

        return field.Kind switch
        {
            FieldKind.Decimal => DecimalText.Parse(raw),
            FieldKind.Int32 => Convert.ToInt32(raw, CultureInfo.InvariantCulture),
            FieldKind.Int64 => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
            FieldKind.Boolean => raw is bool b ? b : bool.Parse(raw.ToString()!),
            FieldKind.Date => DateOnly.FromDateTime(raw is DateTimeOffset dto ? dto.UtcDateTime : Convert.ToDateTime(raw, CultureInfo.InvariantCulture)),
            FieldKind.DateTimeOffset => raw is DateTimeOffset d ? d : new DateTimeOffset(Convert.ToDateTime(raw, CultureInfo.InvariantCulture), TimeSpan.Zero),
            _ => raw.ToString(),
        };
    }
}
