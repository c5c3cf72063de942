using System.Globalization;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Datasets;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Reads a page of Table storage's JSON (<c>{"value":[{…},…]}</c>) straight into <see cref="StoredRow"/>s:
/// each property typed by its field's kind, annotations and properties the set does not serve skipped.
/// A value spelled as the same field's value in the row before is that value again, not a new one
/// (a month's rows repeat their month, indicator, tier and parent), so a page allocates little.
/// Values are read as the SDK would give them: Int64 and dates are strings in storage's JSON,
/// rates invariant decimal strings (<see cref="DecimalText"/>).
/// </summary>
public sealed class StoredRowJson(StoredRowLayout layout)
{
    private static readonly byte[] PartitionKeyName = "PartitionKey"u8.ToArray();
    private static readonly byte[] RowKeyName = "RowKey"u8.ToArray();
    private static readonly byte[] VersionName = Encoding.UTF8.GetBytes(Aggregation.MonthVersions.VersionProperty);

    private readonly byte[]?[] _lastText = new byte[layout.Fields.Count][];
    private readonly object?[] _lastValue = new object?[layout.Fields.Count];
    private string? _lastPartitionKey;
    private string? _lastVersion;

    /// <summary>The rows of one page of a query's response.</summary>
    public List<StoredRow> Read(ReadOnlySpan<byte> page)
    {
        var rows = new List<StoredRow>();
        var reader = new Utf8JsonReader(page);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                rows.Add(ReadRow(ref reader));
            }
        }

        return rows;
    }

    private StoredRow ReadRow(ref Utf8JsonReader reader)
    {
        var values = new object?[layout.Fields.Count];
        string? partitionKey = null, rowKey = null, version = null;
        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Storage writes a row's properties in the order they were written, which is mostly the set's.
            var ordinal = Find(ref reader, next);
            if (ordinal >= 0)
            {
                reader.Read();
                values[ordinal] = Value(ref reader, ordinal);
                next = ordinal + 1;
            }
            else if (reader.ValueTextEquals(PartitionKeyName))
            {
                reader.Read();
                partitionKey = _lastPartitionKey = reader.ValueTextEquals(_lastPartitionKey) ? _lastPartitionKey : reader.GetString();
            }
            else if (reader.ValueTextEquals(RowKeyName))
            {
                reader.Read();
                rowKey = reader.GetString();
            }
            else if (reader.ValueTextEquals(VersionName))
            {
                reader.Read();
                version = _lastVersion = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(_lastVersion) ? _lastVersion : reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var period = layout.PeriodOrdinal >= 0 ? values[layout.PeriodOrdinal] as string : null;
        return new StoredRow(partitionKey ?? string.Empty, rowKey ?? string.Empty, values, period, version);
    }

    private int Find(ref Utf8JsonReader reader, int next)
    {
        var names = layout.Names;
        if (next < names.Length && reader.ValueTextEquals(names[next]))
        {
            return next;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private object? Value(ref Utf8JsonReader reader, int ordinal)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped && _lastText[ordinal] is { } last && reader.ValueSpan.SequenceEqual(last))
        {
            return _lastValue[ordinal];
        }

        var value = Convert(ref reader, layout.Fields[ordinal].Kind);
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            _lastText[ordinal] = reader.ValueSpan.ToArray();
            _lastValue[ordinal] = value;
        }

        return value;
    }

    private static object? Convert(ref Utf8JsonReader reader, FieldKind kind)
    {
        var text = reader.TokenType == JsonTokenType.String;
        return kind switch
        {
            FieldKind.Decimal when text => reader.ValueSpan.Length == 0 ? null : decimal.Parse(Unescaped(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture),
            FieldKind.Decimal => (decimal)reader.GetDouble(),
            FieldKind.Int32 => text ? int.Parse(Unescaped(ref reader), CultureInfo.InvariantCulture) : reader.GetInt32(),
            FieldKind.Int64 => text ? long.Parse(Unescaped(ref reader), CultureInfo.InvariantCulture) : reader.GetInt64(),
            FieldKind.Boolean => text ? bool.Parse(reader.GetString()!) : reader.GetBoolean(),
            FieldKind.Date => DateOnly.FromDateTime(Instant(ref reader).UtcDateTime),
            FieldKind.DateTimeOffset => Instant(ref reader),
            _ => text ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan),
        };
    }

    /// <summary>Storage's <c>Edm.DateTime</c>: UTC, ISO 8601.</summary>
    private static DateTimeOffset Instant(ref Utf8JsonReader reader) =>
        reader.TryGetDateTimeOffset(out var instant) ? instant
        : DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"Not a page of table rows: {token} expected, {reader.TokenType} found.");
        }
    }
}
