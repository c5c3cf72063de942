using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// <c>POST /api/uploads?fileName=&amp;period=yyyy-MM</c> with the workbook as the body: stored under the
/// caller's agency folder; <c>202</c> with the upload id and <c>Location: /api/uploads/{id}</c>.
/// </summary>
public sealed class PostUpload(AgencyUploads uploads)
{
    [Function(nameof(PostUpload))]
    [RequiresRole(AppRoles.UploadsWrite)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/uploads")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await uploads.ReceiveAsync(request, cancellationToken).ConfigureAwait(false);
}
