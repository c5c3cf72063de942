using System.Globalization;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// Where the next page starts: the last row served, by its <c>$orderby</c> values and storage keys.
/// Pages continue after that row, not after a count, so rows added meanwhile do not shift them.
/// It also carries when the first page was read, so every page serves the computations that were
/// served then (one snapshot for the whole read, even if a month is recomputed meanwhile).
/// Opaque to clients (base64url JSON); anything that does not decode is a 400.
/// </summary>
public sealed record SkipToken(string PartitionKey, string RowKey, IReadOnlyList<string?> OrderValues)
{
    /// <summary>When the read's first page was served.</summary>
    public DateTimeOffset? AsOf { get; init; }

    public static SkipToken After(DatasetRow row, IReadOnlyList<DatasetField> orderBy, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(orderBy);
        return new SkipToken(row.PartitionKey, row.RowKey, [.. orderBy.Select(f => Format(row[f.Name]))]) { AsOf = asOf };
    }

    public string Encode()
    {
        var parts = new List<string?> { PartitionKey, RowKey, AsOf?.UtcTicks.ToString(CultureInfo.InvariantCulture) };
        parts.AddRange(OrderValues);
        return Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(parts));
    }

    public static SkipToken Decode(string text, int orderByCount)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<List<string?>>(Base64UrlEncoder.DecodeBytes(text));
            if (parts is null || parts.Count != orderByCount + 3 || parts[0] is null || parts[1] is null)
            {
                throw new FormatException();
            }

            DateTimeOffset? asOf = parts[2] is null ? null
                : long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    ? new DateTimeOffset(ticks, TimeSpan.Zero)
                    : throw new FormatException();
            return new SkipToken(parts[0]!, parts[1]!, parts[3..]) { AsOf = asOf };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            throw new ODataQueryException("InvalidSkipToken", "The $skiptoken is not one this service issued for this query.");
        }
    }

    /// <summary>When the read a token continues began, without checking the rest of it (null when there is none or it does not decode).</summary>
    public static DateTimeOffset? PeekAsOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<List<string?>>(Base64UrlEncoder.DecodeBytes(text));
            return parts is { Count: >= 3 } && parts[2] is { } asOf
                && long.TryParse(asOf, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    ? new DateTimeOffset(ticks, TimeSpan.Zero)
                    : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The token's value for an ordered field, typed as the field's rows hold it.</summary>
    public object? OrderValue(int index, DatasetField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = OrderValues[index];
        if (text is null)
        {
            return null;
        }

        try
        {
            return field.Kind switch
            {
                FieldKind.String => text,
                FieldKind.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
                FieldKind.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
                FieldKind.Decimal => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                FieldKind.Boolean => bool.Parse(text),
                FieldKind.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                FieldKind.DateTimeOffset => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                _ => text,
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            // A token whose values no longer parse as their fields (an Int32 past its range, a date past 9999) was not issued here.
            throw new ODataQueryException("InvalidSkipToken", "The $skiptoken is not one this service issued for this query.");
        }
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value)),
    };
}
