using BacNinh.Core.Datasets;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Http;
using BacNinh.Functions.Serving.Bodies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary><c>GET /api/datasets/{Set}.csv|.json?period=&amp;indicator=&amp;tier=</c> for clients that are not OData.</summary>
public sealed class GetDataset(DatasetReader reader, BodyStore bodies)
{
    [Function(nameof(GetDataset))]
    [RequiresRole(AppRoles.DatasetsRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/datasets/{set}.{format}")] HttpRequest request,
        string set,
        string format,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataset = ServedDatasets.Find(set);
        if (dataset is null)
        {
            return ApiProblem.NotFound("Unknown dataset.", "datasets", ServedDatasets.All.Select(d => d.Name));
        }

        format = format.ToUpperInvariant() switch
        {
            "CSV" => "csv",
            "JSON" => "json",
            _ => string.Empty,
        };
        if (format.Length == 0)
        {
            return ApiProblem.NotFound("Use .csv or .json.");
        }

        if (!QueryBinder.TryDatasetFilter(request, out var filter, out var problem))
        {
            return problem;
        }

        // Rendered once per content version and kept.
        return new DatasetResult(dataset, await reader.OpenAsync(dataset, filter, cancellationToken).ConfigureAwait(false), filter, format, bodies);
    }
}
