using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Datasets;

/// <summary>Streams dataset rows to the response as JSON (an array of objects) or CSV (UTF-8 with BOM, for Excel).</summary>
public sealed class DatasetResult(DatasetDefinition dataset, IAsyncEnumerable<TableEntity> rows, string format) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        if (format == "csv")
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{dataset.Name}.csv\"";
            await WriteCsvAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await WriteJsonAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartArray();
        await foreach (var entity in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            json.WriteStartObject();
            foreach (var field in dataset.Fields)
            {
                json.WritePropertyName(field.Name);
                switch (DatasetValues.Get(entity, field))
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
            if (json.BytesPending > 16 * 1024)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', dataset.Fields.Select(f => CsvCell.Escape(f.Name)))).ConfigureAwait(false);
        await foreach (var entity in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var cells = dataset.Fields.Select(f => CsvCell.Escape(CsvCell.Format(DatasetValues.Get(entity, f))));
            await writer.WriteLineAsync(string.Join(',', cells)).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
