using System.Security.Claims;
using BacNinh.Functions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BacNinh.Functions.Auth;

/// <summary>
/// The one place requests are let in or turned away, used by both hosts: authenticates the bearer
/// token with the Microsoft.Identity.Web JwtBearer scheme (an access token only, and a user's only
/// with the API's delegated scope: <see cref="AccessTokenKind"/>), then applies the function's role policy
/// with ASP.NET Core's authorization service. No or bad token: <c>401</c> with the
/// <c>WWW-Authenticate: Bearer authorization_uri="…"</c> Power BI discovers sign-in from;
/// valid token without the role: <c>403</c>.
/// </summary>
public sealed class FunctionAccessPolicy(IAuthorizationService authorization, IConfiguration configuration)
{
    public async Task<bool> AuthorizeAsync(HttpContext context, FunctionAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(access);
        if (access.Anonymous)
        {
            return true;
        }

        var authenticated = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!authenticated.Succeeded || authenticated.Principal is null || !AccessTokenKind.IsAccessToken(authenticated.Principal))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=\"{AuthorizationUri(configuration)}\"";
            await ApiProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "A valid bearer token is required.").ConfigureAwait(false);
            return false;
        }

        context.User = authenticated.Principal;
        if (!AccessTokenKind.HasRequiredScope(authenticated.Principal))
        {
            await ApiProblem.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"A user's token needs the delegated scope {AppRoles.UserImpersonationScope} of this API.").ConfigureAwait(false);
            return false;
        }

        var allowed = await authorization.AuthorizeAsync(authenticated.Principal, access.Policy).ConfigureAwait(false);
        if (!allowed.Succeeded)
        {
            await ApiProblem.WriteAsync(context, StatusCodes.Status403Forbidden, $"The token lacks the app role this route needs ({access.Policy}).").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>The Entra v1 authorize endpoint of the configured tenant, as Power BI expects it.</summary>
    public static string AuthorizationUri(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var instance = (configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
        var tenant = configuration["AzureAd:TenantId"] ?? "common";
        return $"{instance}/{tenant}/oauth2/authorize";
    }

    /// <summary>True when the principal carries the app role, whichever claim type the handler mapped it to.</summary>
    public static bool HasRole(ClaimsPrincipal user, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(role)
               || user.HasClaim("roles", role)
               || user.HasClaim(ClaimTypes.Role, role);
    }
}
