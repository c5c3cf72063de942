using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Datasets;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// Rows of a dataset as CSV (UTF-8 with BOM, for Excel) or JSON (an array of objects), written as a
/// <see cref="Prefix"/>, fragments of rows joined by <see cref="Separator"/>, and a <see cref="Suffix"/>.
/// A fragment's bytes depend only on its rows, so a body can be put together from fragments kept
/// separately (one per month) and is the same bytes as one written whole.
/// </summary>
public sealed class DatasetRowWriter
{
    /// <summary>Bytes gathered before they are handed to the stream.</summary>
    private const int FlushBytes = 32 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly DatasetDefinition _dataset;
    private readonly bool _csv;

    public DatasetRowWriter(DatasetDefinition dataset, string format)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;
        _csv = format == "csv";
        Prefix = _csv
            ? Utf8.GetBytes("\uFEFF" + string.Join(',', dataset.Fields.Select(f => CsvCell.Escape(f.Name))) + "\r\n")
            : "["u8.ToArray();
        Suffix = _csv ? [] : "]"u8.ToArray();
        Separator = _csv ? [] : ","u8.ToArray();
    }

    /// <summary>Written before the first fragment: the BOM and header line of a CSV, the opening bracket of a JSON array.</summary>
    public ReadOnlyMemory<byte> Prefix { get; }

    /// <summary>Written after the last fragment.</summary>
    public ReadOnlyMemory<byte> Suffix { get; }

    /// <summary>Written between two fragments that are not empty (each CSV line ends itself).</summary>
    public ReadOnlyMemory<byte> Separator { get; }

    /// <summary>
    /// Writes <paramref name="rows"/> as one fragment and returns how many there were.
    /// <paramref name="beforeFirstRow"/> runs once the first row is known, before any of its bytes reach
    /// <paramref name="body"/>: where a separator goes when the fragment turns out not to be empty.
    /// </summary>
    public Task<long> WriteAsync(IAsyncEnumerable<DatasetRow> rows, Stream body, Func<ValueTask>? beforeFirstRow, CancellationToken cancellationToken) =>
        _csv ? WriteCsvAsync(rows, body, beforeFirstRow, cancellationToken) : WriteJsonAsync(rows, body, beforeFirstRow, cancellationToken);

    private async Task<long> WriteJsonAsync(IAsyncEnumerable<DatasetRow> rows, Stream body, Func<ValueTask>? beforeFirstRow, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes + 4096);
        await using var json = new Utf8JsonWriter(buffer);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (count++ == 0)
            {
                await (beforeFirstRow?.Invoke() ?? ValueTask.CompletedTask).ConfigureAwait(false);
            }
            else
            {
                buffer.Write(Separator.Span);
            }

            // One object at a time, each from a reset writer: the fragment is objects and commas, no array around them.
            json.Reset(buffer);
            WriteObject(json, row);
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (buffer.WrittenCount >= FlushBytes)
            {
                await body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        if (buffer.WrittenCount > 0)
        {
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private void WriteObject(Utf8JsonWriter json, DatasetRow row)
    {
        json.WriteStartObject();
        foreach (var field in _dataset.Fields)
        {
            json.WritePropertyName(field.Name);
            switch (row[field.Name])
            {
                case null: json.WriteNullValue(); break;
                case decimal m: json.WriteNumberValue(m); break;
                case int i: json.WriteNumberValue(i); break;
                case long l: json.WriteNumberValue(l); break;
                case bool b: json.WriteBooleanValue(b); break;
                case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset t: json.WriteStringValue(t); break;
                case var other: json.WriteStringValue(other.ToString()); break;
            }
        }

        json.WriteEndObject();
    }

    private async Task<long> WriteCsvAsync(IAsyncEnumerable<DatasetRow> rows, Stream body, Func<ValueTask>? beforeFirstRow, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(FlushBytes + 4096);
        var bytes = new byte[Utf8.GetMaxByteCount(FlushBytes + 4096)];
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (count++ == 0)
            {
                await (beforeFirstRow?.Invoke() ?? ValueTask.CompletedTask).ConfigureAwait(false);
            }

            var values = row.Values is FieldValues read && ReferenceEquals(read.Layout.Fields, _dataset.Fields) ? read : null;
            for (var i = 0; i < _dataset.Fields.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                CsvCell.Append(text, values is not null ? values.At(i) : row[_dataset.Fields[i].Name]);
            }

            text.Append("\r\n");
            if (text.Length >= FlushBytes)
            {
                await FlushAsync(text, bytes, body, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(text, bytes, body, cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async Task FlushAsync(StringBuilder text, byte[] bytes, Stream body, CancellationToken cancellationToken)
    {
        foreach (var chunk in text.GetChunks())
        {
            for (var start = 0; start < chunk.Length; start += FlushBytes)
            {
                var part = chunk.Slice(start, Math.Min(FlushBytes, chunk.Length - start));
                var count = Utf8.GetBytes(part.Span, bytes);
                await body.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
        }

        text.Clear();
    }
}
