using System.Security.Claims;

namespace BacNinh.Functions.Auth;

/// <summary>
/// What a validated token stands for. The upload page and the API share one app registration, so
/// an ID token issued to the page has the API's audience (and the user's roles and groups) and
/// passes signature and audience checks; only its claims tell it from an access token. An access
/// token names the client it was issued to (<c>azp</c>, v1 <c>appid</c>), an ID token does not. A
/// user's access token carries the delegated scopes it was granted (<c>scp</c>) and must include
/// <see cref="AppRoles.UserImpersonationScope"/>; an application's own token has roles only.
/// </summary>
public static class AccessTokenKind
{
    // Microsoft.Identity.Web maps "scp" to this claim type on the way in; both are read.
    private static readonly string[] ScopeClaimTypes = ["scp", "http://schemas.microsoft.com/identity/claims/scope"];

    /// <summary>True for an access token: one that names the client it was issued to.</summary>
    public static bool IsAccessToken(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(c => c.Type is "azp" or "appid");
    }

    /// <summary>True when the token is an application's own, or a user's with the API's delegated scope.</summary>
    public static bool HasRequiredScope(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scopes = user.Claims.Where(c => ScopeClaimTypes.Contains(c.Type, StringComparer.Ordinal)).ToList();
        return scopes.Count == 0
            || scopes.Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(AppRoles.UserImpersonationScope, StringComparer.Ordinal));
    }
}
