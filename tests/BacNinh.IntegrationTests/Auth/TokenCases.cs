using System.Security.Cryptography;
using BacNinh.Functions.Auth;
using BacNinh.IntegrationTests.Fixtures;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.IntegrationTests.Auth;

/// <summary>Real RS256 tokens, good and bad, against the keys the local host's OpenID issuer publishes.</summary>
public static class TokenCases
{
    public const string None = "none";
    public const string EmptyBearer = "empty-bearer";
    public const string WrongAudience = "wrong-audience";
    public const string WrongIssuer = "wrong-issuer";
    public const string Expired = "expired";
    public const string BadSignature = "bad-signature";
    public const string NoRole = "no-role";
    public const string ScopeWithoutRole = "scope-without-role";
    public const string DatasetsReader = "datasets-reader";
    public const string AggregationsRunner = "aggregations-runner";
    public const string UserWithScopeAndRole = "user-scope-and-role";

    /// <summary>An ID token the page's sign-in returns: the API's audience, the user's roles and groups, no client, no scope.</summary>
    public const string IdToken = "id-token";

    /// <summary>A user's access token with the role but only other scopes (granted to another API or to sign-in).</summary>
    public const string UserWithoutApiScope = "user-without-api-scope";

    public static HttpClient Client(LocalHostFixture host, string tokenCase)
    {
        ArgumentNullException.ThrowIfNull(host);
        var issuer = host.Issuer;
        if (tokenCase == EmptyBearer)
        {
            // What Power BI sends first, to discover the sign-in authority.
            var client = host.CreateClient(token: null);
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer");
            return client;
        }

        return host.CreateClient(tokenCase switch
        {
            None => null,
            WrongAudience => Mint(issuer.SigningKey, issuer.Issuer, "api://someone-else", [AppRoles.DatasetsRead]),
            WrongIssuer => Mint(issuer.SigningKey, "https://login.example.org/other-tenant/v2.0", issuer.Audience, [AppRoles.DatasetsRead]),
            Expired => Mint(issuer.SigningKey, issuer.Issuer, issuer.Audience, [AppRoles.DatasetsRead], expiresIn: TimeSpan.FromHours(-1)),
            BadSignature => MintWithForeignKey(issuer.SigningKey.KeyId!, issuer.Issuer, issuer.Audience),
            NoRole => issuer.CreateToken(),
            ScopeWithoutRole => issuer.CreateToken(scopes: AppRoles.UserImpersonationScope),
            DatasetsReader => issuer.CreateToken([AppRoles.DatasetsRead]),
            AggregationsRunner => issuer.CreateToken([AppRoles.AggregationsRun]),
            UserWithScopeAndRole => issuer.CreateToken([AppRoles.DatasetsRead], AppRoles.UserImpersonationScope),
            UserWithoutApiScope => issuer.CreateToken([AppRoles.DatasetsRead, AppRoles.AggregationsRun, AppRoles.UploadsWrite], "openid profile User.Read"),
            IdToken => Mint(issuer.SigningKey, issuer.Issuer, issuer.ClientId, [AppRoles.DatasetsRead, AppRoles.AggregationsRun, AppRoles.UploadsWrite], extra: IdTokenClaims(issuer)),
            _ => throw new ArgumentOutOfRangeException(nameof(tokenCase), tokenCase, null),
        });
    }

    // What an ID token adds: the user, the sign-in's nonce and the agency's group; no azp, no scp.
    private static Dictionary<string, object> IdTokenClaims(BacNinh.LocalHost.Auth.DevelopmentIssuer issuer) => new()
    {
        ["oid"] = "test",
        ["tid"] = issuer.TenantId,
        ["nonce"] = "n-0S6_WzA2Mj",
        ["name"] = "Nguyễn Văn A",
        ["groups"] = new[] { BacNinh.LocalHost.Auth.DevelopmentGroups.IdFor(Uploads.UploadFiles.CommuneFolder) },
    };

    private static string Mint(SecurityKey key, string issuer, string audience, string[] roles, TimeSpan? expiresIn = null, Dictionary<string, object>? extra = null)
    {
        var expires = DateTime.UtcNow + (expiresIn ?? TimeSpan.FromHours(1));
        var claims = new Dictionary<string, object>(extra ?? []) { ["roles"] = roles, ["sub"] = "test", ["ver"] = "2.0" };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    // Signed by a key the issuer never published, under the published key's id.
    private static string MintWithForeignKey(string keyId, string issuer, string audience)
    {
        using var rsa = RSA.Create(2048);
        return Mint(new RsaSecurityKey(rsa) { KeyId = keyId }, issuer, audience, [AppRoles.DatasetsRead, AppRoles.AggregationsRun]);
    }
}
