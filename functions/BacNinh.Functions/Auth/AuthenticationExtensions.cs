using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Identity.Web;

namespace BacNinh.Functions.Auth;

/// <summary>
/// Entra ID bearer tokens through Microsoft.Identity.Web, configured from its own <c>AzureAd</c>
/// section (<c>Instance</c>, <c>TenantId</c>, <c>ClientId</c>, <c>Audience</c>), and one
/// authorization policy per app role.
/// </summary>
public static class AuthenticationExtensions
{
    public const string ConfigSection = "AzureAd";

    public static IHostApplicationBuilder AddBacNinhAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        const string scheme = JwtBearerDefaults.AuthenticationScheme;

        // Options are bound when first used, so a host may still fill the section in after it starts.
        services.AddAuthentication(scheme).AddMicrosoftIdentityWebApi(
            _ => { },
            identity =>
            {
                configuration.GetSection(ConfigSection).Bind(identity);

                // A valid token without a role or scope is a 403 from the role policy, not a 401.
                identity.AllowWebApiToBeAuthorizedByACL = true;
            },
            scheme);

        // An OpenID issuer on loopback http (the local host's development issuer): plain-http
        // metadata, and its own issuer name instead of Entra's issuer validator. Never in Azure.
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

        services.AddAuthorization(options =>
        {
            foreach (var role in new[] { AppRoles.DatasetsRead, AppRoles.AggregationsRun, AppRoles.UploadsWrite })
            {
                options.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => FunctionAccessPolicy.HasRole(c.User, role)));
            }

            options.AddPolicy(AppRoles.UploadsWriteOrDatasetsRead, policy => policy.RequireAuthenticatedUser().RequireAssertion(c =>
                FunctionAccessPolicy.HasRole(c.User, AppRoles.UploadsWrite) || FunctionAccessPolicy.HasRole(c.User, AppRoles.DatasetsRead)));

            options.AddPolicy(FunctionAccess.UndeclaredPolicy, policy => policy.RequireAssertion(_ => false));
        });
        services.AddSingleton<FunctionAccessPolicy>();
        return builder;
    }

    /// <summary>The v2.0 authority (<c>{Instance}{TenantId}/v2.0</c>) when it is on a loopback address; otherwise null.</summary>
    public static string? LoopbackAuthority(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var instance = configuration[$"{ConfigSection}:Instance"];
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || !IsLoopback(uri))
        {
            return null;
        }

        return $"{instance.TrimEnd('/')}/{configuration[$"{ConfigSection}:TenantId"]}/v2.0";
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
