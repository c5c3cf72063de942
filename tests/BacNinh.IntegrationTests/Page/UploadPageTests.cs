using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost.Functions;

namespace BacNinh.IntegrationTests.Page;

/// <summary>The upload page as HTTP: served at <c>/</c> by the Functions app's own function, with its caching and security headers.</summary>
public sealed partial class UploadPageTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();

    private async Task<(HttpResponseMessage Response, string Html)> PageAsync()
    {
        var response = await host.Anonymous.GetAsync("/", TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RootServesTheVietnamesePageWithItsPolicyAndRevalidation()
    {
        var (response, html) = await PageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await host.Anonymous.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task AssetsHaveVersionedNamesAreCachedForAYearAndComeGzipped()
    {
        var (_, html) = await PageAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = host.Host.BaseAddress };
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        Assert.Equal(4, assets.Count);
        Assert.Contains(assets, a => a.StartsWith("/assets/msal-browser.min.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(asset, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.Matches("^/assets/[a-z.-]+\\.[0-9a-f]{12}\\.(js|css|svg)$", asset);
        }

        using var unknown = await client.GetAsync("/assets/app.000000000000.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task FaviconIsServedSoNoPageOfTheOriginLogsA404()
    {
        // Browsers ask for /favicon.ico on pages that name no icon (the development sign-in page does not).
        using var response = await host.Anonymous.GetAsync("/favicon.ico", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageCarriesTheSignInSettingsOfTheConfiguredIssuer()
    {
        var (_, html) = await PageAsync();
        var settings = System.Text.Json.JsonDocument.Parse(WebUtility.HtmlDecode(Regex.Match(html, "name=\"bacninh-settings\" content=\"([^\"]*)\"").Groups[1].Value)).RootElement;

        Assert.Equal(host.Issuer.ClientId, settings.GetProperty("clientId").GetString());
        Assert.StartsWith("https://", settings.GetProperty("authority").GetString(), StringComparison.Ordinal);
        var metadata = System.Text.Json.JsonDocument.Parse(settings.GetProperty("authorityMetadata").GetString()!).RootElement;
        Assert.Equal(host.Issuer.Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(["DOC_SIGNED", "WORK_DOSSIER_ONLINE", "ONLINE_DOSSIERS", "ON_TIME", "DIGITIZED"], settings.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }

    [Fact]
    public void EveryRouteButThePagesCarriesTheApiPrefix()
    {
        // host.json sets an empty routePrefix so that / can be the page; every API route names api/ itself.
        var functions = IsolatedHttpFunctions.Discover(typeof(BacNinh.Functions.Health.GetHealth).Assembly);

        Assert.All(functions.Where(f => f.Name is not ("GetUploadPage" or "GetPageAsset" or "GetFavicon")), f => Assert.StartsWith("api/", f.Route, StringComparison.Ordinal));
    }
}
