using System.Buffers;
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
            var (page, length) = Read(message.Response.ContentStream, message.Response.Headers.ContentLength);
            Keep(message, sink, page, length);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sink = Prepare(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (sink is not null)
        {
            var (page, length) = await ReadAsync(message.Response.ContentStream, message.Response.Headers.ContentLength, message.CancellationToken).ConfigureAwait(false);
            Keep(message, sink, page, length);
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

    /// <summary>
    /// A page's body, read into a pooled buffer (<see cref="TablePageSink.Release"/> gives it back): a page is
    /// about a megabyte, and a new array of that size for each cost more than parsing it (cleared, faulted in, copied as it grew).
    /// </summary>
    private static (byte[] Page, int Length) Read(Stream? body, long? length)
    {
        var page = ArrayPool<byte>.Shared.Rent(InitialSize(length));
        var read = 0;
        using (body)
        {
            while (body is not null && body.Read(page, read, page.Length - read) is var n and > 0)
            {
                read += n;
                page = read == page.Length ? Grow(page) : page;
            }
        }

        return (page, read);
    }

    private static async Task<(byte[] Page, int Length)> ReadAsync(Stream? body, long? length, CancellationToken cancellationToken)
    {
        var page = ArrayPool<byte>.Shared.Rent(InitialSize(length));
        var read = 0;
        if (body is not null)
        {
            await using (body.ConfigureAwait(false))
            {
                while (await body.ReadAsync(page.AsMemory(read), cancellationToken).ConfigureAwait(false) is var n and > 0)
                {
                    read += n;
                    page = read == page.Length ? Grow(page) : page;
                }
            }
        }

        return (page, read);
    }

    /// <summary>Room for the whole body when its length is known (one more byte to see its end), else for a typical page.</summary>
    private static int InitialSize(long? length) => length is { } known and < int.MaxValue ? (int)known + 1 : 1 << 20;

    private static byte[] Grow(byte[] page)
    {
        var larger = ArrayPool<byte>.Shared.Rent(page.Length * 2);
        page.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(page);
        return larger;
    }

    /// <summary>A page's body is the sink's, the SDK given an empty page; an error's stays the SDK's to read.</summary>
    private static void Keep(HttpMessage message, TablePageSink sink, byte[] page, int length)
    {
        if (message.Response.Status == 200)
        {
            sink.Keep(page, length);
            message.Response.ContentStream = new MemoryStream(EmptyPage, writable: false);
        }
        else
        {
            message.Response.ContentStream = new MemoryStream(page.AsSpan(0, length).ToArray(), writable: false);
            ArrayPool<byte>.Shared.Return(page);
        }
    }
}
