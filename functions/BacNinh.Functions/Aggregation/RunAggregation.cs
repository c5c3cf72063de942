using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Aggregation;

/// <summary><c>POST /api/aggregations/{yyyy-MM}</c>: recompute a period now.</summary>
public sealed class RunAggregation(PeriodRecalculator recalculator, AggregationRequests requests)
{
    [Function(nameof(RunAggregation))]
    [RequiresRole(AppRoles.AggregationsRun)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/aggregations/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken)
    {
        if (!QueryBinder.TryPeriod(period, out var parsed, out var problem))
        {
            return problem;
        }

        var (outcome, computed) = await recalculator.RecalculateAsync(parsed, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (outcome == RecalculationOutcome.Busy)
        {
            // Another run holds the month: it is marked and asked for again, and recomputed after that run.
            await requests.RequestAsync(parsed, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new AcceptedResult($"/api/datasets/TierAggregates.json?period={parsed}", new { Period = parsed.ToString(), Status = "Queued" });
        }

        return new OkObjectResult(new
        {
            Period = parsed.ToString(),
            Indicators = computed.Select(c => new { c.IndicatorCode, UnitsReporting = c.Units.Count, UnitsMissing = c.Missing.Count }),
        });
    }
}
