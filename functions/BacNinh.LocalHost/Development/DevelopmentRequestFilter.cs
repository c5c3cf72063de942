using System.Net;

namespace BacNinh.LocalHost.Development;

/// <summary>
/// Guards the development conveniences (token issuer, storage routes): only requests from a
/// loopback address, addressed to a loopback host name, not relayed by a proxy on the same machine
/// (it would make any caller look local), and not sent by a page of another origin (a page that
/// rebinds its DNS name to 127.0.0.1 sends its own name as Host and Origin).
/// </summary>
public sealed class DevelopmentRequestFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var relayed = request.Headers.ContainsKey("Forwarded") || request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("X-Forwarded-Host");
        var why = relayed
            ? "Development routes refuse requests relayed by a proxy."
            : Refusal(context.HttpContext.Connection.RemoteIpAddress, request.Host, request.Headers.Origin.ToString(), request.Scheme);
        return why is null
            ? await next(context).ConfigureAwait(false)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Development route refused", detail: why);
    }

    /// <summary>Why a request may not use a development route, or null when it may.</summary>
    public static string? Refusal(IPAddress? remote, HostString host, string? origin, string scheme)
    {
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return "Development routes answer callers on this machine only.";
        }

        if (!IsLoopbackName(host.Host))
        {
            return "Development routes answer requests addressed to localhost, 127.0.0.1 or [::1] only.";
        }

        if (!string.IsNullOrEmpty(origin) && !string.Equals(origin, $"{scheme}://{host}", StringComparison.OrdinalIgnoreCase))
        {
            return "Development routes refuse requests sent by pages of another origin.";
        }

        return null;
    }

    public static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
