using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Serving.OData;

/// <summary><c>GET /api/odata</c>, <c>/api/odata/$metadata</c> and <c>/api/odata/{Set}</c>: the OData v4 feed Power BI reads.</summary>
public sealed class GetODataFeed(ODataFeed feed)
{
    [Function(nameof(GetODataFeed))]
    [RequiresRole(AppRoles.DatasetsRead)]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/odata/{*path}")] HttpRequest request,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ODataFeedResult(feed, path);
    }
}
