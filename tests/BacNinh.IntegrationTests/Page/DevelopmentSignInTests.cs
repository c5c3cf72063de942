using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.IntegrationTests.Uploads;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.IntegrationTests.Page;

/// <summary>The development issuer's authorization code flow with PKCE, as MSAL.js drives it.</summary>
public sealed class DevelopmentSignInTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private string OAuth => $"/dev-issuer/{host.Issuer.TenantId}/oauth2/v2.0";

    private string RedirectUri => host.Host.BaseAddress.ToString();

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Host.BaseAddress };

    private async Task<string> AuthorizeAsync(HttpClient client, string challenge, string redirectUri, string agency = UploadFiles.CommuneFolder)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = host.Issuer.ClientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = "state-1",
            ["nonce"] = "nonce-1",
            ["scope"] = $"api://{host.Issuer.ClientId}/user_impersonation openid profile",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["response_mode"] = "fragment",
            ["agency"] = agency,
        });
        using var response = await client.PostAsync($"{OAuth}/authorize", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(redirectUri + "#", location, StringComparison.Ordinal);
        var fragment = location[(location.IndexOf('#', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("state-1", fragment["state"]);
        return fragment["code"];
    }

    private async Task<HttpResponseMessage> RedeemAsync(HttpClient client, string code, string verifier)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = host.Issuer.ClientId,
            ["redirect_uri"] = RedirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        });
        return await client.PostAsync($"{OAuth}/token", form, TestContext.Current.CancellationToken);
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    [Fact]
    public async Task CodeIsRedeemedOnceAndOnlyWithTheVerifierOfItsChallenge()
    {
        using var client = NoRedirects();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var stolen = await AuthorizeAsync(client, Challenge(verifier), RedirectUri);
        using var wrongVerifier = await RedeemAsync(client, stolen, "not-the-verifier-" + verifier);
        var code = await AuthorizeAsync(client, Challenge(verifier), RedirectUri);
        using var redeemed = await RedeemAsync(client, code, verifier);
        using var replayed = await RedeemAsync(client, code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);
        Assert.Equal("invalid_grant", JsonDocument.Parse(await wrongVerifier.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        var tokens = JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal("nonce-1", idToken.GetClaim("nonce").Value);
        Assert.Equal(host.Issuer.ClientId, Assert.Single(idToken.Audiences));
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal(BacNinh.LocalHost.Auth.DevelopmentGroups.IdFor(UploadFiles.CommuneFolder), access.GetClaim("groups").Value);

        using var api = host.CreateClient(tokens.GetProperty("access_token").GetString());
        using var list = await api.GetAsync($"/api/uploads?period={UploadFiles.ReportedMonth}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal([UploadFiles.CommuneFolder], JsonDocument.Parse(await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("https://evil.example.org/", "S256")]
    [InlineData(null, "plain")]
    public async Task AuthorizePageRefusesForeignRedirectsAndRequestsWithoutPkce(string? redirectUri, string method)
    {
        using var client = NoRedirects();
        var query = $"client_id={host.Issuer.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(redirectUri ?? RedirectUri)}&code_challenge=abc&code_challenge_method={method}";

        using var response = await client.GetAsync($"{OAuth}/authorize?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AuthorizePageOffersTheAgenciesInForceToday()
    {
        using var client = NoRedirects();
        var query = $"client_id={host.Issuer.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code_challenge=abc&code_challenge_method=S256&state=s";

        var html = await client.GetStringAsync($"{OAuth}/authorize?{query}", TestContext.Current.CancellationToken);

        Assert.Contains($"<option value=\"{UploadFiles.CommuneFolder}\">", html, StringComparison.Ordinal);
        // The coordinating department of today: Sở Khoa học và Công nghệ since the merger of early 2025.
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("<option value=\"so-khcn\">Sở Khoa học và Công nghệ (tổng hợp toàn tỉnh) — so-khcn</option>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"so-tttt\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"09187\">Phường Kinh Bắc — 09187</option>", text, StringComparison.Ordinal);
        // Thành phố Bắc Ninh was a district until June 2025: no district tier any more.
        Assert.DoesNotContain("<option value=\"256\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClerkOfKinhBacIsGreetedAsKinhBacNotAsTheWardThatHadItsCodeBefore()
    {
        using var client = NoRedirects();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        // 09187 was Phường Suối Hoa until 30 June 2025 and is Phường Kinh Bắc since 1 July 2025.
        var code = await AuthorizeAsync(client, Challenge(verifier), RedirectUri, "09187");
        using var redeemed = await RedeemAsync(client, code, verifier);

        Assert.Equal(HttpStatusCode.OK, redeemed.StatusCode);
        var tokens = JsonDocument.Parse(await redeemed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal("Phường Kinh Bắc", idToken.GetClaim("name").Value);
    }
}
