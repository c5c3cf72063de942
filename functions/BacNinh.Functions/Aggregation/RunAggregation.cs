using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Storage.Aggregation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// <c>POST /api/aggregations/{yyyy-MM}</c>: asks for the month to be recomputed and answers at once,
/// <c>202 Accepted</c> with a <c>Location</c> to poll (<see cref="GetAggregationStatus"/>). The queue
/// trigger does the work, so no request waits on a recompute (Azure's front end cuts them at 230 s).
/// </summary>
public sealed class RunAggregation(AggregationRequests requests, AggregationLocks locks, MonthVersions versions)
{
    /// <summary>Seconds a client is asked to wait before polling.</summary>
    public const int RetryAfterSeconds = 1;

    [Function(nameof(RunAggregation))]
    [RequiresRole(AppRoles.AggregationsRun)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/aggregations/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryBinder.TryPeriod(period, out var parsed, out var problem))
        {
            return problem;
        }

        await requests.RequestAsync(parsed, cancellationToken: cancellationToken).ConfigureAwait(false);
        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = await AggregationStatus.ReadAsync(parsed, requests, locks, versions, cancellationToken).ConfigureAwait(false);
        return new AcceptedResult($"/api/aggregations/{parsed}", status);
    }
}
