using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Storage.Aggregation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Aggregation;

/// <summary><c>GET /api/aggregations/{yyyy-MM}</c>: where the month's recomputation stands (<see cref="AggregationStatus"/>).</summary>
public sealed class GetAggregationStatus(AggregationRequests requests, AggregationLocks locks, MonthVersions versions)
{
    [Function(nameof(GetAggregationStatus))]
    [RequiresRole(AppRoles.DatasetsReadOrAggregationsRun)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/aggregations/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryBinder.TryPeriod(period, out var parsed, out var problem))
        {
            return problem;
        }

        var status = await AggregationStatus.ReadAsync(parsed, requests, locks, versions, cancellationToken).ConfigureAwait(false);
        if (status.Status is AggregationStatus.Pending or AggregationStatus.Running)
        {
            request.HttpContext.Response.Headers.RetryAfter = RunAggregation.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new OkObjectResult(status);
    }
}
