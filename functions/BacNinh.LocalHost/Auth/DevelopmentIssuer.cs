using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// A tiny OpenID Connect issuer for local runs: a discovery document and JWKS served by the local
/// host's own Kestrel at <c>/dev-issuer/{tenant}/v2.0</c>, signing with an RSA key generated at
/// start. The API validates its tokens exactly as it validates Entra's, through the same
/// <c>AzureAd</c> settings, which this issuer fills in when it is enabled.
/// </summary>
public sealed class DevelopmentIssuer : IDisposable
{
    public const string Section = "DevelopmentIssuer";
    public const string PathBase = "/dev-issuer";

    private readonly RSA _rsa = RSA.Create(2048);

    public DevelopmentIssuer(string tenantId, string clientId)
    {
        TenantId = tenantId;
        ClientId = clientId;
        SigningKey = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
    }

    public string TenantId { get; }

    public string ClientId { get; }

    /// <summary>The audience of the tokens: as in Entra's v2.0 access tokens, the API's client ID.</summary>
    public string Audience => ClientId;

    public RsaSecurityKey SigningKey { get; }

    /// <summary>Set once Kestrel listens: <c>http://127.0.0.1:{port}/dev-issuer/</c>, the <c>AzureAd:Instance</c>.</summary>
    public Uri? Instance { get; private set; }

    public string Issuer => $"{Instance ?? throw new InvalidOperationException("The issuer has not started.")}{TenantId}/v2.0";

    /// <summary>
    /// With the embedded Azurite only (the caller checks that): on unless <c>DevelopmentIssuer:Enabled</c>
    /// is false or a real <c>AzureAd:ClientId</c> is configured.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetValue<bool?>($"{Section}:Enabled") ?? string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);
    }

    public static DevelopmentIssuer FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DevelopmentIssuer(
            configuration[$"{Section}:TenantId"] ?? "bacninh-dev",
            configuration[$"{Section}:ClientId"] ?? "bacninh-local-api");
    }

    /// <summary>Points the <c>AzureAd</c> settings at this issuer, served from <paramref name="listening"/>.</summary>
    public void Start(Uri listening, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(listening);
        ArgumentNullException.ThrowIfNull(configuration);
        var host = listening.Host is "+" or "*" or "0.0.0.0" or "[::]" or "localhost" ? IPAddress.Loopback.ToString() : listening.Host;
        Instance = new UriBuilder(listening.Scheme, host, listening.Port, PathBase + "/").Uri;
        configuration["AzureAd:Instance"] = Instance.ToString();
        configuration["AzureAd:TenantId"] = TenantId;
        configuration["AzureAd:ClientId"] = ClientId;
        configuration["AzureAd:Audience"] = Audience;
    }

    /// <summary>A signed RS256 access token, shaped like Entra's v2.0 tokens.</summary>
    /// <remarks><paramref name="groups"/> become the <c>groups</c> claim, as Entra emits it for group membership.</remarks>
    public string CreateToken(IEnumerable<string>? roles = null, string? scopes = null, TimeSpan? lifetime = null, string subject = "local-developer", IEnumerable<string>? groups = null)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            ["oid"] = subject,
            ["tid"] = TenantId,
            ["azp"] = ClientId,
            ["ver"] = "2.0",
        };
        if (roles?.ToArray() is { Length: > 0 } list)
        {
            claims["roles"] = list;
        }

        if (!string.IsNullOrWhiteSpace(scopes))
        {
            claims["scp"] = scopes;
        }

        if (groups?.ToArray() is { Length: > 0 } groupIds)
        {
            claims["groups"] = groupIds;
        }

        return Sign(claims, Audience, lifetime ?? TimeSpan.FromHours(8));
    }

    /// <summary>An OpenID Connect ID token for a browser sign-in, with the nonce the client sent.</summary>
    public string CreateIdToken(string clientId, string subject, string name, string username, string? nonce, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            ["oid"] = subject,
            ["tid"] = TenantId,
            ["name"] = name,
            ["preferred_username"] = username,
            ["ver"] = "2.0",
        };
        if (!string.IsNullOrEmpty(nonce))
        {
            claims["nonce"] = nonce;
        }

        return Sign(claims, clientId, lifetime);
    }

    private string Sign(Dictionary<string, object> claims, string audience, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public object DiscoveryDocument() => new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/authorize",
        ["token_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/token",
        ["end_session_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/logout",
        ["jwks_uri"] = $"{Instance}{TenantId}/discovery/v2.0/keys",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "fragment" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
    };

    public object KeySet()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = SigningKey.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        };
    }

    public void Dispose() => _rsa.Dispose();
}
