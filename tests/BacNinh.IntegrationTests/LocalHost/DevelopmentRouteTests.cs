using System.Net;
using System.Net.Http.Json;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.LocalHost;

/// <summary>
/// The development conveniences (contract §7): only with the embedded Azurite, only for requests
/// addressed to a loopback name from this machine, never for pages of another origin or relayed requests.
/// </summary>
public sealed class DevelopmentRouteTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly object TokenRequest = new { roles = new[] { "Datasets.Read" } };

    public static TheoryData<string, string> Routes => new()
    {
        { "PUT", "/dev-storage/uploads/p-snv/2023-05/dev-route.csv" },
        { "POST", "/dev-issuer/token" },
    };

    private static HttpRequestMessage Request(string method, string path, Action<HttpRequestMessage>? change = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(TokenRequest) };
        change?.Invoke(request);
        return request;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARequestAddressedToAnotherHostNameIsRefused(string method, string path)
    {
        // What a page that rebinds its own DNS name to 127.0.0.1 sends.
        using var response = await host.Anonymous.SendAsync(Request(method, path, r => r.Headers.Host = "bao-cao.example.org"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARequestFromAPageOfAnotherOriginIsRefused(string method, string path)
    {
        using var response = await host.Anonymous.SendAsync(Request(method, path, r => r.Headers.Add("Origin", "http://bao-cao.example.org")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ARequestRelayedByAProxyIsRefused(string method, string path)
    {
        using var response = await host.Anonymous.SendAsync(Request(method, path, r => r.Headers.Add("X-Forwarded-For", "203.0.113.7")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ThePagesOwnOriginMayAskForADevelopmentToken()
    {
        var origin = host.Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var response = await host.Anonymous.SendAsync(Request("POST", "/dev-issuer/token", r => r.Headers.Add("Origin", origin)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WithAStorageAccountOfItsOwnTheHostHasNoIssuerAndNoStorageRoutes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // An account given as a setting, as a real one would be: not the host's embedded storage.
        await using var configured = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--AzureWebJobsStorage", SharedAzurite.Current.NextAccount()], cancellationToken: cancellationToken);
        await configured.App.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = configured.BaseAddress };

        using var token = await client.PostAsJsonAsync("/dev-issuer/token", TokenRequest, cancellationToken);
        using var upload = await client.PutAsync("/dev-storage/uploads/p-snv/2023-05/x.csv", new StringContent("x"), cancellationToken);
        using var health = await client.GetAsync("/api/health", cancellationToken);

        Assert.False(configured.EmbeddedStorage);
        Assert.Null(configured.App.Services.GetService<DevelopmentIssuer>());
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
