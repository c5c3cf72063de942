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
        // No default scheme: routes that declare a role authenticate explicitly (FunctionAccessPolicy).
        services.AddAuthentication().AddMicrosoftIdentityWebApi(
            _ => { },
            identity =>
            {
                configuration.GetSection(ConfigSection).Bind(identity);

                // A valid token without a role or scope is a 403 from the role policy, not a 401.
                identity.AllowWebApiToBeAuthorizedByACL = true;
            },
            scheme);

        services.AddAuthorization(options =>
        {
            foreach (var role in new[] { AppRoles.DatasetsRead, AppRoles.AggregationsRun, AppRoles.UploadsWrite })
            {
                options.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => FunctionAccessPolicy.HasRole(c.User, role)));
            }

            options.AddPolicy(AppRoles.DatasetsReadOrAggregationsRun, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(c => FunctionAccessPolicy.HasRole(c.User, AppRoles.DatasetsRead) || FunctionAccessPolicy.HasRole(c.User, AppRoles.AggregationsRun)));
            options.AddPolicy(AppRoles.UploadsWriteOrDatasetsRead, policy => policy.RequireAuthenticatedUser().RequireAssertion(c =>
                FunctionAccessPolicy.HasRole(c.User, AppRoles.UploadsWrite) || FunctionAccessPolicy.HasRole(c.User, AppRoles.DatasetsRead)));

            options.AddPolicy(FunctionAccess.UndeclaredPolicy, policy => policy.RequireAssertion(_ => false));
        });
        services.AddSingleton<FunctionAccessPolicy>();
        services.AddHostedService<AccessWarmUp>();
        return builder;
    }
}
