using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// <c>GET /api/uploads/{uploadId}</c>: the upload's report (<c>200</c>), or <c>202</c> with
/// <c>Retry-After</c> while it is being processed, or <c>404</c> for an id the caller cannot see.
/// </summary>
public sealed class GetUpload(AgencyUploads uploads)
{
    [Function(nameof(GetUpload))]
    [RequiresRole(AppRoles.UploadsWriteOrDatasetsRead)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/uploads/{uploadId}")] HttpRequest request,
        string uploadId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await uploads.GetAsync(request.HttpContext.User, uploadId, cancellationToken).ConfigureAwait(false);
    }
}
