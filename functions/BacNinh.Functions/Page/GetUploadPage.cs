using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.Functions.Page;

/// <summary>
/// <c>GET /</c>: the upload page for agency staff (contract §7a), anonymous; it signs in itself.
/// The route is the empty path because <c>host.json</c> sets <c>extensions.http.routePrefix</c>
/// to empty (every API route carries its own <c>api/</c>); <c>{root:maxlength(0)?}</c> matches
/// only the site root, since the Functions host takes no empty route.
/// </summary>
public sealed class GetUploadPage(PageAssets assets, UploadPageSettings settings)
{
    [Function(nameof(GetUploadPage))]
    [AllowAnonymous]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:maxlength(0)?}")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signIn = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        var html = assets.IndexWithAssets().Replace("{{settings}}", WebUtility.HtmlEncode(signIn.SettingsJson), StringComparison.Ordinal);
        var content = Encoding.UTF8.GetBytes(html);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";
        return new PageFileResult(content, null, PageAssets.ContentTypeOf(PageAssets.IndexFile), etag, "no-cache", signIn.ContentSecurityPolicy);
    }
}
