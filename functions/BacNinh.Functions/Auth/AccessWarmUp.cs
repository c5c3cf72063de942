using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BacNinh.Functions.Auth;

/// <summary>
/// Before the host takes requests, authenticates one token through the real bearer scheme: a token signed
/// by a key made here and thrown away, which must be refused. That builds the scheme's options, fetches the
/// issuer's OpenID metadata and signing keys (from Entra, in Azure) and runs the token handler once, so the
/// first wave of requests of a new instance does not queue behind them; a role policy is evaluated too.
/// Skipped while the <c>AzureAd</c> section is not filled in yet (the local host's development issuer fills
/// it after start): the options are kept once built. A failure is logged and the host starts anyway.
/// </summary>
public sealed partial class AccessWarmUp(IServiceProvider services, IAuthorizationService authorization, IConfiguration configuration, ILogger<AccessWarmUp> logger) : IHostedService
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
            var context = new DefaultHttpContext { RequestServices = services, RequestAborted = timeout.Token };
            context.Request.Headers.Authorization = "Bearer " + UnknownSignerToken(section["Audience"] ?? section["ClientId"]!);
            var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
            if (result.Succeeded)
            {
                // Never expected: a key nobody published signed it.
                LogUnknownSignerAccepted();
                return;
            }

            var reader = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, AppRoles.DatasetsRead)], "warm-up"));
            _ = await authorization.AuthorizeAsync(reader, AppRoles.DatasetsRead).ConfigureAwait(false);
            LogWarmed(clock.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNotWarmed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A well-formed access token for <paramref name="audience"/> signed by a key made now and never published.</summary>
    private static string UnknownSignerToken(string audience)
    {
        using var rsa = RSA.Create(2048);
        // No key id: the scheme tries the published keys and refuses, without asking the issuer for new ones.
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "warm-up",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            Claims = new Dictionary<string, object> { ["roles"] = new[] { AppRoles.DatasetsRead } },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer authentication warmed in {Milliseconds} ms: the issuer's metadata read, a token of an unknown signer refused")]
    private partial void LogWarmed(long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer authentication not warmed: the AzureAd section is not filled in yet")]
    private partial void LogNotConfigured();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bearer authentication was not warmed before the host started; its first requests will wait for the issuer's metadata")]
    private partial void LogNotWarmed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A token signed by an unpublished key was accepted: check the AzureAd settings and the token validation")]
    private partial void LogUnknownSignerAccepted();
}
