using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Page;

/// <summary><c>GET /assets/{name}.{hash}.{ext}</c>: the page's scripts and styles, cached for a year (the name changes with the content).</summary>
public sealed class GetPageAsset(PageAssets assets)
{
    [Function(nameof(GetPageAsset))]
    [AllowAnonymous]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{file}")] HttpRequest request,
        string file) =>
        assets.Find(file) is { } asset
            ? new PageFileResult(asset.Content, asset.Gzip, asset.ContentType, asset.ETag, "public, max-age=31536000, immutable", null)
            : new NotFoundResult();
}
