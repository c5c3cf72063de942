using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// A page's rows as the JSON array Microsoft.OData.Core writes for them (minimal metadata: each row an
/// object of its selected fields in order, through the same <see cref="Utf8JsonWriter"/> and encoder),
/// written directly: the library's scopes, type resolution and property objects cost a first read of a
/// set more processor time per row than reading it from storage.
/// </summary>
internal sealed class FeedRowsJson
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Written on to the stream from this many bytes: the writer otherwise holds a whole page in a buffer of its
    /// own, grown by doubling (a page is about half a megabyte, so each growth a new, cleared array to copy into).
    /// </summary>
    private const int FlushAt = 16 * 1024;

    private readonly IReadOnlyList<DatasetField> _fields;
    private readonly JsonEncodedText[] _names;
    private readonly int[] _ordinals;
    private StoredRowLayout? _layout;

    public FeedRowsJson(IReadOnlyList<DatasetField> fields)
    {
        _fields = fields;
        _names = [.. fields.Select(f => JsonEncodedText.Encode(f.Name, Options.Encoder))];
        _ordinals = new int[fields.Count];
    }

    /// <summary>Whether every value is of a type written here as the library writes it (else the library writes the page).</summary>
    public bool CanWrite(IReadOnlyList<DatasetRow> rows) =>
        rows.All(row => Enumerable.Range(0, _fields.Count).All(i => Value(row, i) is null or string or int or long or decimal or bool or DateOnly or DateTimeOffset));

    /// <summary>The rows as a JSON array (<c>[{…},…]</c>).</summary>
    public void Write(Stream stream, IReadOnlyList<DatasetRow> rows)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartArray();
        foreach (var row in rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < _names.Length; i++)
            {
                json.WritePropertyName(_names[i]);
                WriteValue(json, Value(row, i));
            }

            json.WriteEndObject();
            if (json.BytesPending >= FlushAt)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
    }

    /// <summary>The row's value of the <paramref name="i"/>th selected field: by position in rows read from storage (a page's share one layout).</summary>
    private object? Value(DatasetRow row, int i)
    {
        if (row.Values is not FieldValues values)
        {
            return row[_fields[i].Name];
        }

        if (!ReferenceEquals(values.Layout, _layout))
        {
            _layout = null;
            for (var f = 0; f < _fields.Count; f++)
            {
                if (!values.Layout.Ordinals.TryGetValue(_fields[f].Name, out _ordinals[f]))
                {
                    return row[_fields[i].Name];
                }
            }

            _layout = values.Layout;
        }

        return values.At(_ordinals[i]);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case string text:
                json.WriteStringValue(text);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case DateOnly date:
                // Edm.Date: the date alone.
                Span<char> text10 = stackalloc char[10];
                date.TryFormat(text10, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                json.WriteStringValue(text10);
                break;
            case DateTimeOffset instant when instant.Offset == TimeSpan.Zero:
                // The library writes UTC with a Z, not +00:00.
                json.WriteStringValue(instant.UtcDateTime);
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
