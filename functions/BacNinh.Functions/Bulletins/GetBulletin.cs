using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Storage.Aggregation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Bulletins;

/// <summary><c>GET /api/bulletins/{yyyy-MM}?format=md|html</c>: the month's bulletin as written by the last aggregation.</summary>
public sealed class GetBulletin(BulletinStore bulletins)
{
    [Function(nameof(GetBulletin))]
    [RequiresRole(AppRoles.DatasetsRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/bulletins/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!QueryBinder.TryPeriod(period, out var parsed, out var problem))
        {
            return problem;
        }

        var format = request.Query["format"].ToString().ToUpperInvariant() switch
        {
            "" or "MD" or "MARKDOWN" => "md",
            "HTML" => "html",
            _ => null,
        };
        if (format is null)
        {
            return ApiProblem.BadRequest("The format must be md or html.");
        }

        var text = await bulletins.GetAsync(parsed, format, cancellationToken).ConfigureAwait(false);
        return text is null
            ? ApiProblem.NotFound($"No bulletin for {parsed} yet.")
            : new ContentResult
            {
                Content = text,
                ContentType = format == "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8",
                StatusCode = StatusCodes.Status200OK,
            };
    }
}
