using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.Functions.Auth;

/// <summary>
/// Before the host takes requests, readies the bearer scheme: builds its options, has its configuration
/// manager fetch the issuer's OpenID metadata and signing keys (from Entra, in Azure; kept and refreshed
/// by the manager as requests would have it), then validates a token signed by a key made here and thrown
/// away with the scheme's own token handlers, and evaluates a role policy on its identity. The first wave
/// of requests of a new instance then does not queue behind the fetch and the handler's first run.
/// Skipped while the <c>AzureAd</c> section is not filled in yet (the local host's development issuer fills
/// it after start): the options are kept once built. A failure is logged and the host starts anyway.
/// </summary>
public sealed partial class AccessWarmUp(IOptionsMonitor<JwtBearerOptions> schemes, IAuthorizationService authorization, IConfiguration configuration, ILogger<AccessWarmUp> logger) : IHostedService
{
    /// <summary>A start is never held longer than this for the issuer.</summary>
    private static readonly TimeSpan IssuerFor = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var section = configuration.GetSection(AuthenticationExtensions.ConfigSection);
        if (string.IsNullOrWhiteSpace(section["Instance"]) || string.IsNullOrWhiteSpace(section["TenantId"]) || string.IsNullOrWhiteSpace(section["ClientId"]))
        {
            LogNotConfigured();
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(IssuerFor);
        var clock = Stopwatch.StartNew();
        try
        {
            var scheme = schemes.Get(JwtBearerDefaults.AuthenticationScheme);
            if (scheme.ConfigurationManager is { } manager)
            {
                _ = await manager.GetConfigurationAsync(timeout.Token).ConfigureAwait(false);
            }

            using var rsa = RSA.Create(2048);
            var key = new RsaSecurityKey(rsa);
            var audience = section["Audience"] ?? section["ClientId"]!;
            var parameters = scheme.TokenValidationParameters.Clone();
            (parameters.IssuerSigningKey, parameters.ValidIssuer, parameters.IssuerValidator, parameters.ValidAudience) = (key, WarmUpIssuer, null, audience);
            var validated = false;
            foreach (var handler in scheme.TokenHandlers)
            {
                var result = await handler.ValidateTokenAsync(Token(key, audience), parameters).ConfigureAwait(false);
                if (result.IsValid && result.ClaimsIdentity is { } identity)
                {
                    validated = true;
                    _ = await authorization.AuthorizeAsync(new ClaimsPrincipal(identity), AppRoles.DatasetsRead).ConfigureAwait(false);
                }
            }

            LogWarmed(clock.ElapsedMilliseconds, validated);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotWarmed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private const string WarmUpIssuer = "https://warm-up.invalid/";

    /// <summary>An access token of the app role readers have, for <paramref name="audience"/>, signed by <paramref name="key"/>.</summary>
    private static string Token(SecurityKey key, string audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = WarmUpIssuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            Claims = new Dictionary<string, object> { ["roles"] = new[] { AppRoles.DatasetsRead }, ["idtyp"] = "app" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer authentication warmed in {Milliseconds} ms: the issuer's metadata read, a token validated by the scheme's handlers: {Validated}")]
    private partial void LogWarmed(long milliseconds, bool validated);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer authentication not warmed: the AzureAd section is not filled in yet")]
    private partial void LogNotConfigured();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bearer authentication was not warmed before the host started; its first requests will wait for the issuer's metadata")]
    private partial void LogNotWarmed(Exception exception);
}
