using System.Net;
using BacNinh.Functions.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// An OpenID issuer on loopback http (the development issuer, or a test's own): plain-http
/// metadata, and the issuer's own name instead of Entra's issuer validator. Only in the local
/// host: the Functions app deployed to Azure never relaxes token validation.
/// </summary>
public static class LoopbackIssuerOptions
{
    public static IServiceCollection AddLoopbackIssuerRelaxations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        const string scheme = JwtBearerDefaults.AuthenticationScheme;

        // Read when the options are first used: the development issuer fills the section in after start.
        services.AddOptions<JwtBearerOptions>(scheme).Configure(options =>
        {
            if (LoopbackAuthority(configuration) is not null)
            {
                options.RequireHttpsMetadata = false;
            }
        });
        services.AddOptions<JwtBearerOptions>(scheme).PostConfigure(options =>
        {
            if (LoopbackAuthority(configuration) is { } authority)
            {
                options.TokenValidationParameters.IssuerValidator = null;
                options.TokenValidationParameters.ValidIssuer = authority;
            }
        });
        return services;
    }

    /// <summary>The v2.0 authority (<c>{Instance}{TenantId}/v2.0</c>) when it is on a loopback address; otherwise null.</summary>
    public static string? LoopbackAuthority(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var instance = configuration[$"{AuthenticationExtensions.ConfigSection}:Instance"];
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || !IsLoopback(uri))
        {
            return null;
        }

        return $"{instance.TrimEnd('/')}/{configuration[$"{AuthenticationExtensions.ConfigSection}:TenantId"]}/v2.0";
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
