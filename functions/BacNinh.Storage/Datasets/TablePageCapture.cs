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
        Capture(message, sink);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sink = Prepare(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Capture(message, sink);
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
        return sink;
    }

    private static void Capture(HttpMessage message, TablePageSink? sink)
    {
        if (sink is not null && message.Response.Status == 200)
        {
            // Buffered already by the pipeline (a query's response is read whole): no copy.
            sink.Page = message.Response.Content;
            message.Response.ContentStream = new MemoryStream(EmptyPage, writable: false);
        }
    }
}
