using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Functions.Ingestion;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// Kestrel's request-body limit in both hosts (the worker's ASP.NET Core integration and the local
/// host): its default, 30,000,000 bytes, is below the contract's 50 MiB upload, and over it Kestrel
/// answers a bare 413 or fails the read. It is set a little above <see cref="IngestionOptions.MaxUploadBytes"/>,
/// so the upload route, which checks the declared length and counts the bytes it reads, is always
/// the one that refuses a body, with a problem+json 413. A dossier export may be larger (§2b):
/// the server's limit is the larger of the two, and the route applies the one of the file's kind.
/// </summary>
public sealed class UploadBodyLimit(IOptions<IngestionOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    /// <summary>Room above the upload limit, so a chunked body reaches the route's own count first.</summary>
    public const long Headroom = 1024 * 1024;

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestBodySize = DossierLimits.For(options.Value.ToLimits()).MaxFileBytes + Headroom;
    }
}
