using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Page;

/// <summary>
/// A static response of the page: strong <c>ETag</c> (<c>304</c> on <c>If-None-Match</c>), the given
/// <c>Cache-Control</c>, gzip when the client takes it, and the page's security headers.
/// </summary>
public sealed class PageFileResult(byte[] content, byte[]? gzip, string contentType, string etag, string cacheControl, string? contentSecurityPolicy) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        var headers = response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (contentSecurityPolicy is not null)
        {
            headers.ContentSecurityPolicy = contentSecurityPolicy;
        }

        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = content;
        if (gzip is not null && request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase)))
        {
            headers.ContentEncoding = "gzip";
            body = gzip;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
