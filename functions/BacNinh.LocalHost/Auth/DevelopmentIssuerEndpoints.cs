using BacNinh.Functions.Auth;
using BacNinh.Functions.Page;
using BacNinh.LocalHost.Development;
using BacNinh.Storage.Reference;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// Wires the <see cref="DevelopmentIssuer"/> into the local host when enabled: its discovery and
/// key endpoints, the browser sign-in of <see cref="DevelopmentSignIn"/> (with development group
/// ids in the uploader registry, <see cref="DevelopmentReferenceDataStore"/>), and
/// <c>POST /dev-issuer/token</c> (all guarded by <see cref="DevelopmentRequestFilter"/>) that returns a token
/// with the app roles asked for, e.g. <c>{"roles":["Datasets.Read"]}</c>.
/// </summary>
public static class DevelopmentIssuerEndpoints
{
    public static WebApplicationBuilder AddDevelopmentIssuer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (DevelopmentIssuer.IsEnabled(builder.Configuration))
        {
            builder.Services.AddSingleton(DevelopmentIssuer.FromConfiguration(builder.Configuration));
            builder.Services.AddSingleton<ReferenceDataStore, DevelopmentReferenceDataStore>();
            builder.Services.AddSingleton<DevelopmentSignIn>();
            builder.Services.AddSingleton<UploadPageSettings, DevelopmentUploadPageSettings>();
        }

        return builder;
    }

    public static WebApplication MapDevelopmentIssuer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var issuer = app.Services.GetService<DevelopmentIssuer>();
        if (issuer is null)
        {
            return app;
        }

        // The issuer's address is known only once Kestrel has bound its port (port 0 in tests).
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            issuer.Start(new Uri(address), app.Configuration);
        });

        var group = app.MapGroup(DevelopmentIssuer.PathBase).AddEndpointFilter<DevelopmentRequestFilter>();
        group.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
            tenant == issuer.TenantId ? Results.Json(issuer.DiscoveryDocument()) : Results.NotFound());
        group.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) =>
            tenant == issuer.TenantId ? Results.Json(issuer.KeySet()) : Results.NotFound());
        app.Services.GetRequiredService<DevelopmentSignIn>().Map(group);
        group.MapPost("/token", (DevelopmentTokenRequest? request) =>
        {
            var roles = request?.Roles ?? [AppRoles.DatasetsRead];
            var token = issuer.CreateToken(roles, request?.Scopes, TimeSpan.FromMinutes(Math.Clamp(request?.LifetimeMinutes ?? 480, 1, 24 * 60)));
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (request?.LifetimeMinutes ?? 480) * 60 });
        });
        return app;
    }
}

/// <summary>Body of <c>POST /dev-issuer/token</c>; every field is optional (default: role <c>Datasets.Read</c>, 8 hours).</summary>
public sealed record DevelopmentTokenRequest(IReadOnlyList<string>? Roles, string? Scopes, int? LifetimeMinutes);
