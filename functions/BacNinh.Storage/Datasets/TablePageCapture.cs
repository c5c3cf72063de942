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

    private static readonly byte[] EmptyPage = """{"value":[]}"""u8.ToArray();

    /// <summary>The policy, added to the account's table clients.</summary>
    public static TablePageCapture Policy { get; } = new();

    /// <summary>Where the pages of the queries sent inside the scope go, until <see cref="Take"/> is called.</summary>
    public static IDisposable Scope(TablePageSink sink) =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [Property] = sink });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        ProcessNext(message, pipeline);
        Capture(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Capture(message);
    }

    private static void Capture(HttpMessage message)
    {
        if (message.TryGetProperty(Property, out var value) && value is TablePageSink sink && message.Response.Status == 200
            && message.Request.Method == RequestMethod.Get)
        {
            // Buffered already by the pipeline (a query's response is read whole): no copy.
            sink.Page = message.Response.Content;
            message.Response.ContentStream = new MemoryStream(EmptyPage, writable: false);
        }
    }
}
