using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Uploads;

/// <summary><c>GET /api/uploads?period=yyyy-MM</c>: the caller's agencies' uploads of the month, newest first.</summary>
public sealed class ListUploads(AgencyUploads uploads)
{
    [Function(nameof(ListUploads))]
    [RequiresRole(AppRoles.UploadsWriteOrDatasetsRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/uploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await uploads.ListAsync(request.HttpContext.User, request.Query["period"], cancellationToken).ConfigureAwait(false);
    }
}
