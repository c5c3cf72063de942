using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Periods;
using BacNinh.Core.Uploaders;
using BacNinh.Core.Units;
using BacNinh.Functions.Auth;
using BacNinh.Storage.Reference;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// The development issuer's browser sign-in, the authorization code flow with PKCE that MSAL.js
/// runs against Entra ID: an authorize page where a developer picks the agency to sign in for
/// (its folder's development group goes into the token's <c>groups</c> claim), a token endpoint
/// that redeems a code once, only with the verifier of its challenge, and a logout that returns
/// to the page. Loopback callers and loopback redirect URIs only.
/// </summary>
public sealed class DevelopmentSignIn(DevelopmentIssuer issuer, ReferenceDataStore referenceData)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);

    public void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var oauth = group.MapGroup("/{tenant}/oauth2/v2.0").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                && (string?)context.HttpContext.GetRouteValue("tenant") == issuer.TenantId
                ? await next(context).ConfigureAwait(false)
                : Results.NotFound());
        oauth.MapGet("/authorize", AuthorizePageAsync);
        oauth.MapPost("/authorize", AuthorizeAsync).DisableAntiforgery();
        oauth.MapPost("/token", TokenAsync).DisableAntiforgery();
        oauth.MapGet("/logout", (string? post_logout_redirect_uri) =>
            IsLoopbackRedirect(post_logout_redirect_uri) ? Results.Redirect(post_logout_redirect_uri!) : Results.Text("Đã đăng xuất.", "text/plain; charset=utf-8"));
    }

    private async Task<IResult> AuthorizePageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (Validate(query["client_id"], query["redirect_uri"], query["response_type"], query["code_challenge"], query["code_challenge_method"]) is { } error)
        {
            return Results.BadRequest(error);
        }

        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var today = TimeProvider.System.VietnamToday();
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Đăng nhập (máy phát triển)</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}")
            .Append("label{display:block;font-weight:600;margin:1rem 0 .25rem}select,button{font:inherit;padding:.4rem}button{margin-top:1rem;background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;padding:.5rem 1rem}</style></head><body>")
            .Append("<h1>Đăng nhập (máy phát triển)</h1><p>Chọn cơ quan, đơn vị mà bạn nộp báo cáo thay mặt. Trang này chỉ có trên máy phát triển.</p>")
            .Append("<form method=\"post\">");
        foreach (var name in new[] { "client_id", "redirect_uri", "state", "nonce", "scope", "code_challenge", "code_challenge_method", "response_mode" })
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(WebUtility.HtmlEncode(query[name].ToString())).Append("\">");
        }

        html.Append("<label for=\"agency\">Cơ quan, đơn vị</label><select id=\"agency\" name=\"agency\" required>");
        foreach (var (uploader, label) in Agencies(reference.Uploaders, reference.Units, today))
        {
            html.Append("<option value=\"").Append(WebUtility.HtmlEncode(uploader.Folder)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</option>");
        }

        html.Append("</select><label><input type=\"checkbox\" name=\"reader\" value=\"1\"> Cũng được đọc mọi bộ dữ liệu (vai trò Datasets.Read)</label>")
            .Append("<button type=\"submit\" id=\"sign-in\">Đăng nhập</button></form></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private async Task<IResult> AuthorizeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        string redirect = form["redirect_uri"].ToString();
        if (Validate(form["client_id"], redirect, "code", form["code_challenge"], form["code_challenge_method"]) is { } error)
        {
            return Results.BadRequest(error);
        }

        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var folder = form["agency"].ToString();
        var today = TimeProvider.System.VietnamToday();
        var uploader = reference.Uploaders.FindOn(folder, today) ?? reference.Uploaders.All.FirstOrDefault(u => u.Folder == folder);
        if (uploader?.GroupId is not { Length: > 0 } group)
        {
            return Results.BadRequest("Unknown agency.");
        }

        List<string> roles = [AppRoles.UploadsWrite];
        if (form["reader"] == "1")
        {
            roles.Add(AppRoles.DatasetsRead);
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        // By code and date: a code can be reused (09187 was Phường Suối Hoa, then Phường Kinh Bắc).
        var unitName = reference.Units.Find(uploader.UnitCode, today)?.FullName
            ?? reference.Units.All.LastOrDefault(u => u.Code == uploader.UnitCode)?.FullName ?? folder;
        _codes[code] = new PendingCode(form["client_id"].ToString(), redirect, form["code_challenge"].ToString(), form["nonce"].ToString(),
            form["scope"].ToString(), folder, unitName, group, roles, DateTimeOffset.UtcNow + CodeLifetime);
        var clientInfo = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = Subject(folder), utid = issuer.TenantId }));
        var answer = $"code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}&client_info={clientInfo}";
        var separator = form["response_mode"] == "query" ? (redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?") : "#";
        return Results.Redirect(redirect + separator + answer);
    }

    private async Task<IResult> TokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (form["grant_type"] != "authorization_code")
        {
            return OAuthError("unsupported_grant_type", "Only authorization_code is issued here.");
        }

        if (!_codes.TryRemove(form["code"].ToString(), out var pending) || pending.Expires < DateTimeOffset.UtcNow)
        {
            return OAuthError("invalid_grant", "The code is unknown, used or expired.");
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(challenge), Encoding.ASCII.GetBytes(pending.CodeChallenge)))
        {
            return OAuthError("invalid_grant", "The code_verifier does not match the code_challenge.");
        }

        if (form["client_id"] != pending.ClientId || form["redirect_uri"] != pending.RedirectUri)
        {
            return OAuthError("invalid_grant", "client_id or redirect_uri differ from the authorization request.");
        }

        var subject = Subject(pending.Folder);
        var access = issuer.CreateToken(pending.Roles, AppRoles.UserImpersonationScope, TokenLifetime, subject, [pending.GroupId]);
        var id = issuer.CreateIdToken(pending.ClientId, subject, pending.UnitName, $"{pending.Folder}@bacninh.local", pending.Nonce, TokenLifetime);
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = pending.Scope,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = access,
            ["id_token"] = id,
            ["client_info"] = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = subject, utid = issuer.TenantId })),
        });
    }

    /// <summary>The uploaders a developer can sign in for today: the coordinating department first, then by tier and name.</summary>
    public static IEnumerable<(Uploader Uploader, string Label)> Agencies(UploaderRegistry uploaders, UnitRegistry units, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(uploaders);
        ArgumentNullException.ThrowIfNull(units);
        return uploaders.All
            .Where(u => u.IsValidOn(today))
            .Select(u => (Uploader: u, Unit: units.Find(u.UnitCode, today)))
            .OrderBy(x => x.Uploader.Scope == UploaderScope.All ? 0 : 1)
            .ThenBy(x => x.Unit?.Tier ?? Tier.Province)
            .ThenBy(x => x.Unit?.FullName ?? x.Uploader.Folder, StringComparer.Ordinal)
            .Select(x => (x.Uploader, $"{(x.Uploader.Scope == UploaderScope.All ? $"{x.Unit?.FullName ?? x.Uploader.UnitCode} (tổng hợp toàn tỉnh)" : x.Unit?.FullName ?? x.Uploader.UnitCode)} — {x.Uploader.Folder}"));
    }

    private static string Subject(string folder) => "dev-" + folder;

    private string? Validate(string? clientId, string? redirectUri, string? responseType, string? challenge, string? method)
    {
        if (clientId != issuer.ClientId)
        {
            return "Unknown client_id.";
        }

        if (!IsLoopbackRedirect(redirectUri))
        {
            return "redirect_uri must be an http(s) address on this machine.";
        }

        if (responseType != "code")
        {
            return "Only response_type=code is supported.";
        }

        return string.IsNullOrEmpty(challenge) || method != "S256" ? "PKCE is required: code_challenge with code_challenge_method=S256." : null;
    }

    private static bool IsLoopbackRedirect(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
        && (parsed.IsLoopback || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    private sealed record PendingCode(string ClientId, string RedirectUri, string CodeChallenge, string Nonce, string Scope, string Folder,
        string UnitName, string GroupId, IReadOnlyList<string> Roles, DateTimeOffset Expires);
}
