using System.Net;
using System.Net.Http.Headers;
using BacNinh.Functions.Auth;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.Auth;

/// <summary>
/// A host configured for an issuer, as the Functions app is for Entra, reads the issuer's metadata and
/// signing keys before it takes requests: its first requests do not wait for them.
/// </summary>
public sealed class AccessWarmUpTests
{
    [Fact]
    public async Task AHostStartedWhileItsIssuerIsUpAcceptsItsTokensAfterTheIssuerHasGone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var issuerHost = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0"], SharedAzurite.Current.NextAccount(), cancellationToken: cancellationToken);
        string valid, unknownAudience;
        LocalHostInstance configured;
        try
        {
            await issuerHost.App.StartAsync(cancellationToken);
            var issuer = issuerHost.App.Services.GetRequiredService<DevelopmentIssuer>();
            valid = issuer.CreateToken([AppRoles.DatasetsRead]);
            unknownAudience = issuer.CreateIdToken("another-app", "someone", "Someone", "someone@example.org", null, TimeSpan.FromMinutes(5));
            configured = await LocalHostApp.CreateAsync(
            [
                "--urls", "http://127.0.0.1:0",
                "--AzureWebJobsStorage", SharedAzurite.Current.NextAccount(),
                "--AzureAd:Instance", issuer.Instance!.ToString(),
                "--AzureAd:TenantId", issuer.TenantId,
                "--AzureAd:ClientId", issuer.ClientId,
                "--AzureAd:Audience", issuer.Audience,
            ], cancellationToken: cancellationToken);
            await configured.App.StartAsync(cancellationToken);
        }
        finally
        {
            // The issuer goes away: the configured host can no longer fetch its metadata.
            await issuerHost.DisposeAsync();
        }

        await using (configured)
        {
            using var client = new HttpClient { BaseAddress = configured.BaseAddress };
            using var accepted = await GetAsync(client, valid, cancellationToken);
            using var refused = await GetAsync(client, unknownAudience, cancellationToken);

            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/Units.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, cancellationToken);
    }
}
