using Azure.Core;
using Azure.Core.Pipeline;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Takes a table query's page of JSON out of the SDK's pipeline for a reader of typed rows
/// (<see cref="StoredRowJson"/>), and hands the SDK an empty page in its place: the SDK still signs,
/// retries and follows the continuation, but no longer turns each row into three dictionaries
/// (<c>TableEntity</c>), which cost a first read of a set more processor time than everything else.
/// Only requests sent inside <see cref="Scope"/> are touched; every other call of the client is as before.
/// </summary>
public sealed class TablePageCapture : HttpPipelinePolicy
{
    private const string Property = "BacNinh.TablePage";

    private const string MinimalMetadata = "odata%3Dminimalmetadata";

    private const string NoMetadata = "odata%3Dnometadata";

    private static readonly byte[] EmptyPage = """{"value":[]}"""u8.ToArray();

    /// <summary>The policy, added to the account's table clients.</summary>
    public static TablePageCapture Policy { get; } = new();

    /// <summary>Where the pages of the queries sent inside the scope go, until <see cref="Take"/> is called.</summary>
    public static IDisposable Scope(TablePageSink sink) =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [Property] = sink });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sink = Prepare(message);
        ProcessNext(message, pipeline);
        if (sink is not null)
        {
            Keep(message, sink, Read(message.Response.ContentStream, message.Response.Headers.ContentLength));
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sink = Prepare(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (sink is not null)
        {
            Keep(message, sink, await ReadAsync(message.Response.ContentStream, message.Response.Headers.ContentLength, message.CancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// A captured query asks for no metadata: its reader knows each field's type, so the type annotations
    /// (a third of a row's bytes) would only be sent, buffered and skipped.
    /// </summary>
    private static TablePageSink? Prepare(HttpMessage message)
    {
        if (!message.TryGetProperty(Property, out var value) || value is not TablePageSink sink || message.Request.Method != RequestMethod.Get)
        {
            return null;
        }

        message.Request.Uri.Query = message.Request.Uri.Query
            .Replace(MinimalMetadata, NoMetadata, StringComparison.OrdinalIgnoreCase)
            .Replace(MinimalMetadata.Replace("%3D", "=", StringComparison.Ordinal), NoMetadata.Replace("%3D", "=", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, "application/json;odata=nometadata");

        // Read below into one array of the page's length, not by the SDK into a stream grown (copied, cleared) by doubling.
        message.BufferResponse = false;
        return sink;
    }

    /// <summary>A page's body, read into one array of its length when it is known.</summary>
    private static byte[] Read(Stream? body, long? length)
    {
        using (body)
        {
            if (body is null)
            {
                return [];
            }

            if (length is { } known and <= int.MaxValue)
            {
                var page = GC.AllocateUninitializedArray<byte>((int)known);
                body.ReadExactly(page);
                return page;
            }

            using var copy = new MemoryStream();
            body.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private static async Task<byte[]> ReadAsync(Stream? body, long? length, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return [];
        }

        await using (body.ConfigureAwait(false))
        {
            if (length is { } known and <= int.MaxValue)
            {
                var page = GC.AllocateUninitializedArray<byte>((int)known);
                await body.ReadExactlyAsync(page, cancellationToken).ConfigureAwait(false);
                return page;
            }

            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
    }

    /// <summary>A page's body is the sink's, the SDK given an empty page; an error's stays the SDK's to read.</summary>
    private static void Keep(HttpMessage message, TablePageSink sink, byte[] body)
    {
        var ok = message.Response.Status == 200;
        sink.Page = ok ? new BinaryData(body) : null;
        message.Response.ContentStream = new MemoryStream(ok ? EmptyPage : body, writable: false);
    }
}
