using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Functions.Serving.OData;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Hosting;

/// <summary>
/// Runs the serving path once before the host takes requests: a row of each set written as an OData page,
/// CSV and JSON (to nowhere); then on storage the months' pointers, one row of the newest month as an
/// OData page reads it, and a month no set has rows for as the datasets route serves it (its empty body
/// only kept in memory: nothing real is built ahead). The pointers are not kept: requests read them
/// afresh, so a month another process switched just before is served.
/// Otherwise the first wave of requests of a new instance all wait for that code to be compiled and for
/// the storage client's first connections. It reads only; a failure is logged and the host starts anyway.
/// </summary>
public sealed partial class ServingWarmUp(ODataFeed feed, MonthVersions versions, DatasetReader reader, BodyStore bodies, TimeProvider time, ILogger<ServingWarmUp> logger) : IHostedService
{
    /// <summary>A start is never held longer than this for storage.</summary>
    private static readonly TimeSpan StorageFor = TimeSpan.FromSeconds(10);

    private static readonly Uri Root = new("http://localhost/api/odata/");

    /// <summary>A month before any the province reports: no set has rows for it.</summary>
    private static readonly Period NoRows = new(2000, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var dataset in DatasetCatalog.All)
        {
            var row = Sample(dataset);
            var plan = FeedPlan.Parse(feed.Model, Root, dataset.Name, FeedQueryOptions.Parse(QueryCollection.Empty));
            FeedWriter.WritePage(new BufferedResponseMessage(Stream.Null), feed.Model, Root, plan, new FeedPage([row], null, null, 1), null);
            foreach (var format in new[] { "csv", "json" })
            {
                await new DatasetRowWriter(dataset, format).WriteAsync(new[] { row }.ToAsyncEnumerable(), Stream.Null, null, cancellationToken).ConfigureAwait(false);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageFor);
        try
        {
            var served = await versions.SnapshotAsync(timeout.Token).ConfigureAwait(false);
            var newest = served.Months.Count > 0 ? served.Months.Values.Max(m => m.Period) : time.CurrentPeriod();
            var query = new DatasetQuery(DatasetCatalog.Observations) { Served = served, AsOf = time.GetUtcNow(), From = newest, To = newest, PageHint = 1 };
            _ = await reader.ReadPageAsync(query, null, 0, 1, timeout.Token).ConfigureAwait(false);
            foreach (var format in new[] { "csv", "json" })
            {
                var filter = new DatasetFilter(NoRows, null, null);
                var result = new DatasetResult(DatasetCatalog.Observations, await reader.OpenAsync(DatasetCatalog.Observations, filter, timeout.Token, served).ConfigureAwait(false), filter, format, bodies);
                var context = new DefaultHttpContext { RequestAborted = timeout.Token };
                context.Response.Body = Stream.Null;
                await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor())).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStorageNotWarmed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A row of <paramref name="dataset"/> with a value of its type in every field.</summary>
    private static DatasetRow Sample(DatasetDefinition dataset) => new("2025-01", "0", dataset.Fields.ToDictionary(f => f.Name, f => (object?)(f.Kind switch
    {
        FieldKind.Int32 => 1,
        FieldKind.Int64 => 1L,
        FieldKind.Decimal => 1.5m,
        FieldKind.Boolean => true,
        FieldKind.Date => new DateOnly(2025, 1, 1),
        FieldKind.DateTimeOffset => DateTimeOffset.UnixEpoch,
        _ => "a",
    }), StringComparer.Ordinal));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The serving path was not warmed on storage before the host started; its first requests will be slower")]
    private partial void LogStorageNotWarmed(Exception exception);
}
