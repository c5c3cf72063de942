using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Page;

/// <summary>
/// <c>GET /favicon.ico</c>: browsers ask for it on every page of the origin that names no icon (the sign-in
/// page among them), and a <c>404</c> there is a console error; the page's own icon (SVG, which browsers take at this address too).
/// </summary>
public sealed class GetFavicon(PageAssets assets)
{
    public const string IconFile = "favicon.svg";

    [Function(nameof(GetFavicon))]
    [AllowAnonymous]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "favicon.ico")] HttpRequest request)
    {
        var icon = assets.Assets.Single(a => a.Name == IconFile);
        return new PageFileResult(icon.Content, icon.Gzip, icon.ContentType, icon.ETag, "public, max-age=86400", null);
    }
}
