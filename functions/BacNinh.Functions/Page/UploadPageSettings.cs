using System.Net.Http.Json;
using System.Text.Json;
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
public sealed class UploadPageSettings(IConfiguration configuration, ReferenceDataStore referenceData, IOptions<IngestionOptions> options)
{
    /// <summary>Overrides the scope the page asks a token for (default <c>api://{ClientId}/user_impersonation</c>).</summary>
    public const string ScopeSetting = "UploadPage:Scope";

    private static readonly HttpClient MetadataClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private (string Url, string Json)? _loopbackMetadata;

    public async Task<PageSignIn> GetAsync(CancellationToken cancellationToken)
    {
        var clientId = configuration[$"{AuthenticationExtensions.ConfigSection}:ClientId"] ?? string.Empty;
        var instance = (configuration[$"{AuthenticationExtensions.ConfigSection}:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
        var tenant = configuration[$"{AuthenticationExtensions.ConfigSection}:TenantId"] ?? "organizations";
        var scope = configuration[ScopeSetting] is { Length: > 0 } configured ? configured : $"api://{clientId}/user_impersonation";
        var authority = $"{instance}/{tenant}";
        string? metadata = null;
        var origins = new List<string> { new Uri(authority).GetLeftPart(UriPartial.Authority) };

        // MSAL.js takes only https authorities. A loopback http issuer (the local host's development
        // issuer) is named by its https form and its OpenID metadata is handed over inline, so MSAL
        // never fetches from the nominal address and goes to the issuer's real endpoints.
        if (AuthenticationExtensions.LoopbackAuthority(configuration) is { } loopback)
        {
            metadata = await LoopbackMetadataAsync(loopback, cancellationToken).ConfigureAwait(false);
            authority = "https" + authority[authority.IndexOf(':', StringComparison.Ordinal)..];
            origins = [];
        }

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

    private async Task<string> LoopbackMetadataAsync(string loopbackAuthority, CancellationToken cancellationToken)
    {
        var url = loopbackAuthority.TrimEnd('/') + "/.well-known/openid-configuration";
        if (_loopbackMetadata is { } known && known.Url == url)
        {
            return known.Json;
        }

        var document = await MetadataClient.GetFromJsonAsync<JsonElement>(url, cancellationToken).ConfigureAwait(false);
        var json = document.GetRawText();
        _loopbackMetadata = (url, json);
        return json;
    }
}

/// <summary>The page's settings as JSON and its Content-Security-Policy.</summary>
public sealed record PageSignIn(string SettingsJson, string ContentSecurityPolicy);
