using System.Net.Http.Json;
using System.Text.Json;
using BacNinh.Functions.Ingestion;
using BacNinh.Functions.Page;
using BacNinh.Storage.Reference;
using Microsoft.Extensions.Options;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// The upload page's sign-in against a loopback http issuer (the development issuer). MSAL.js takes
/// only https authorities, so the page names the issuer by the https form of its address and is
/// handed the issuer's OpenID metadata inline: MSAL never contacts the nominal address and goes to
/// the issuer's real endpoints, which are the page's own origin. Local host only.
/// </summary>
public sealed class DevelopmentUploadPageSettings(IConfiguration configuration, ReferenceDataStore referenceData, IOptions<IngestionOptions> options)
    : UploadPageSettings(configuration, referenceData, options)
{
    private static readonly HttpClient MetadataClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private (string Url, string Json)? _metadata;

    public override async Task<PageAuthority> AuthorityAsync(CancellationToken cancellationToken)
    {
        var configured = await base.AuthorityAsync(cancellationToken).ConfigureAwait(false);
        if (LoopbackIssuerOptions.LoopbackAuthority(Configuration) is not { } loopback)
        {
            return configured;
        }

        var url = loopback.TrimEnd('/') + "/.well-known/openid-configuration";
        if (_metadata is not { } known || known.Url != url)
        {
            var document = await MetadataClient.GetFromJsonAsync<JsonElement>(url, cancellationToken).ConfigureAwait(false);
            _metadata = known = (url, document.GetRawText());
        }

        var https = "https" + configured.Authority[configured.Authority.IndexOf(':', StringComparison.Ordinal)..];
        return new PageAuthority(https, known.Json, []);
    }
}
