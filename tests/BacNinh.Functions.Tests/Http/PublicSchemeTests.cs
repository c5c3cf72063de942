using BacNinh.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Functions.Tests.Http;

public sealed class PublicSchemeTests
{
    private static HttpRequest Request(string scheme, string host, string? forwardedProto = null, string? configured = null)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings[PublicScheme.SettingName] = configured;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        if (forwardedProto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        }

        return context.Request;
    }

    [Theory]
    [InlineData("http", "bacninh-api.azurewebsites.net", null, null, "https")] // the Functions host's plain hop
    [InlineData("http", "bacninh-api.azurewebsites.net", "https", null, "https")]
    [InlineData("http", "10.0.0.4:8080", "https,http", null, "https")]
    [InlineData("https", "bacninh-api.azurewebsites.net", null, null, "https")]
    [InlineData("http", "127.0.0.1:7071", null, null, "http")] // the local host
    [InlineData("http", "localhost:7071", null, null, "http")]
    [InlineData("http", "[::1]:7071", null, null, "http")]
    [InlineData("http", "127.0.0.1:7071", null, "https", "https")] // configuration decides first
    [InlineData("https", "api.bacninh.gov.vn", "https", "http", "http")]
    public void LinksUseThePublicSchemeNotTheWorkersHop(string scheme, string host, string? forwardedProto, string? configured, string expected)
    {
        Assert.Equal(expected, PublicScheme.Of(Request(scheme, host, forwardedProto, configured)));
    }
}
