using System.Text.Json.Nodes;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Ingestion;
using BacNinh.Storage.Reference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Page;

/// <summary>
/// What the upload page needs to sign in and upload, rendered into the page itself (one request
/// fewer on a slow connection): the sign-in authority and client ID from the <c>AzureAd</c> section,
/// the API scope, the size limit and the indicators whose templates it offers; and the page's
/// Content-Security-Policy, which allows only the app's own origin and the sign-in authority.
/// </summary>
public class UploadPageSettings(IConfiguration configuration, ReferenceDataStore referenceData, IOptions<IngestionOptions> options)
{
    /// <summary>Overrides the scope the page asks a token for (default <c>api://{ClientId}/user_impersonation</c>).</summary>
    public const string ScopeSetting = "UploadPage:Scope";

    /// <summary>The app's configuration, where the <c>AzureAd</c> section is read at each request (a host may fill it in after start).</summary>
    protected IConfiguration Configuration => configuration;

    public async Task<PageSignIn> GetAsync(CancellationToken cancellationToken)
    {
        var clientId = configuration[$"{AuthenticationExtensions.ConfigSection}:ClientId"] ?? string.Empty;
        var scope = configuration[ScopeSetting] is { Length: > 0 } configured ? configured : $"api://{clientId}/user_impersonation";
        var (authority, metadata, origins) = await AuthorityAsync(cancellationToken).ConfigureAwait(false);
        var reference = await referenceData.GetAsync(cancellationToken).ConfigureAwait(false);
        var settings = new JsonObject
        {
            ["clientId"] = clientId,
            ["authority"] = authority,
            ["knownAuthorities"] = new JsonArray(new Uri(authority).Authority),
            ["authorityMetadata"] = metadata,
            ["scopes"] = new JsonArray(scope),
            ["maxUploadBytes"] = options.Value.MaxUploadBytes,
            ["indicators"] = new JsonArray([.. reference.Indicators.Indicators.Select(i => (JsonNode)new JsonObject { ["code"] = i.Code, ["name"] = i.Name })]),
        };
        return new PageSignIn(settings.ToJsonString(), ContentSecurityPolicy(origins));
    }

    /// <summary>Self, plus the sign-in authority's origin where MSAL fetches metadata and tokens and renews them in a hidden frame.</summary>
    public static string ContentSecurityPolicy(IReadOnlyCollection<string> authorityOrigins)
    {
        ArgumentNullException.ThrowIfNull(authorityOrigins);
        var authority = string.Concat(authorityOrigins.Select(o => " " + o));
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + $"connect-src 'self'{authority}; frame-src 'self'{authority}; form-action 'self'{authority}; "
            + "base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
    }

    /// <summary>
    /// The MSAL authority (<c>{Instance}{TenantId}</c> of the <c>AzureAd</c> section), its OpenID
    /// metadata when MSAL is to be given it rather than fetch it (null: MSAL discovers it), and the
    /// origins the page's policy lets MSAL reach. The local host overrides it for its development issuer.
    /// </summary>
    public virtual Task<PageAuthority> AuthorityAsync(CancellationToken cancellationToken)
    {
        var instance = (configuration[$"{AuthenticationExtensions.ConfigSection}:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
        var tenant = configuration[$"{AuthenticationExtensions.ConfigSection}:TenantId"] ?? "organizations";
        var authority = $"{instance}/{tenant}";
        return Task.FromResult(new PageAuthority(authority, null, [new Uri(authority).GetLeftPart(UriPartial.Authority)]));
    }
}

/// <summary>Where MSAL signs in: the authority, its metadata when handed over inline, and the origins the page's policy allows.</summary>
public sealed record PageAuthority(string Authority, string? MetadataJson, IReadOnlyList<string> PolicyOrigins);

/// <summary>The page's settings as JSON and its Content-Security-Policy.</summary>
public sealed record PageSignIn(string SettingsJson, string ContentSecurityPolicy);
