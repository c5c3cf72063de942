using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Functions.Http;

/// <summary>
/// The scheme clients reach the API at, for links the API writes (<c>@odata.nextLink</c>). Behind
/// the Functions host the worker sees the host's own hop, which may be plain <c>http</c>; a link
/// built from it would make Power BI send its token in clear. In order: the <see cref="SettingName"/>
/// setting; <c>https</c> when the request or the host's <c>X-Forwarded-Proto</c> says so; the
/// request's scheme on a loopback address (the local host); else <c>https</c>.
/// </summary>
public static class PublicScheme
{
    public const string SettingName = "PublicScheme";

    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = request.HttpContext.RequestServices?.GetService<IConfiguration>()?[SettingName];
        if (configured is "https" or "http")
        {
            return configured;
        }

        var forwarded = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        if (request.IsHttps || string.Equals(forwarded, "https", StringComparison.OrdinalIgnoreCase))
        {
            return "https";
        }

        var host = request.Host.Host;
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        return loopback ? request.Scheme : "https";
    }
}
