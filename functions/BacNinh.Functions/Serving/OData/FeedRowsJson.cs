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
    public bool CanWrite(IReadOnlyList<DatasetRow> rows)
    {
        foreach (var row in rows)
        {
            foreach (var field in _fields)
            {
                if (row[field.Name] is not (null or string or int or long or decimal or bool or DateOnly or DateTimeOffset))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The rows as a JSON array (<c>[{…},…]</c>).</summary>
    public void Write(Stream stream, IReadOnlyList<DatasetRow> rows)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartArray();
        foreach (var row in rows)
        {
            json.WriteStartObject();
            var values = row.Values as FieldValues;
            for (var i = 0; i < _names.Length; i++)
            {
                json.WritePropertyName(_names[i]);
                WriteValue(json, values is not null && OrdinalsFor(values.Layout) ? values.At(_ordinals[i]) : row[_fields[i].Name]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Where each selected field is in rows read with <paramref name="layout"/> (the same for a page's rows).</summary>
    private bool OrdinalsFor(StoredRowLayout layout)
    {
        if (!ReferenceEquals(layout, _layout))
        {
            _layout = null;
            for (var i = 0; i < _fields.Count; i++)
            {
                if (!layout.Ordinals.TryGetValue(_fields[i].Name, out _ordinals[i]))
                {
                    return false;
                }
            }

            _layout = layout;
        }

        return true;
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
