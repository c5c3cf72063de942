using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Datasets;

/// <summary><c>GET /api/datasets/{Set}.csv|.json?period=&amp;indicator=&amp;tier=</c> for clients that are not OData.</summary>
public sealed class GetDataset(DatasetReader reader)
{
    [Function(nameof(GetDataset))]
    [RequiresRole(AppRoles.DatasetsRead)]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/datasets/{set}.{format}")] HttpRequest request,
        string set,
        string format,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataset = ServedDatasets.Find(set);
        if (dataset is null)
        {
            return new NotFoundObjectResult(new { error = "Unknown dataset.", datasets = ServedDatasets.All.Select(d => d.Name) });
        }

        format = format.ToUpperInvariant() switch
        {
            "CSV" => "csv",
            "JSON" => "json",
            _ => string.Empty,
        };
        if (format.Length == 0)
        {
            return new NotFoundObjectResult(new { error = "Use .csv or .json." });
        }

        Period? period = null;
        if (request.Query.TryGetValue("period", out var periodText) && !string.IsNullOrEmpty(periodText))
        {
            if (!Period.TryParse(periodText, out var parsed))
            {
                return new BadRequestObjectResult(new { error = "period must be written yyyy-MM." });
            }

            period = parsed;
        }

        string? tier = null;
        if (request.Query.TryGetValue("tier", out var tierText) && !string.IsNullOrEmpty(tierText))
        {
            tier = tierText.ToString().ToLowerInvariant();
            if (!TierNames.Scopes.Contains(tier))
            {
                return new BadRequestObjectResult(new { error = "tier must be province, district, commune or all." });
            }
        }

        var indicator = request.Query.TryGetValue("indicator", out var indicatorText) && !string.IsNullOrEmpty(indicatorText)
            ? indicatorText.ToString().ToUpperInvariant()
            : null;
        var filter = new DatasetFilter(period, indicator, tier);
        return new DatasetResult(dataset, reader.ReadRowsAsync(dataset, filter, cancellationToken), format);
    }
}
