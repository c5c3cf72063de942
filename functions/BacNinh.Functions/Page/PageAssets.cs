using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace BacNinh.Functions.Page;

/// <summary>
/// The upload page's static files, embedded in the assembly (MSAL.js is copied in from the npm
/// package at build time). Each file other than the page itself is served under a versioned name,
/// <c>/assets/{name}.{hash}.{ext}</c>, so it can be cached for a year; a gzip copy is kept beside it.
/// </summary>
public sealed class PageAssets
{
    public const string ResourcePrefix = "Page/";
    public const string IndexFile = "index.html";
    public const string AssetsPath = "/assets/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, PageAsset> _byVersionedName;

    public PageAssets()
    {
        var assembly = typeof(PageAssets).Assembly;
        var assets = new List<PageAsset>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[ResourcePrefix.Length..];
            if (name == IndexFile)
            {
                IndexTemplate = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                continue;
            }

            assets.Add(PageAsset.Create(name, buffer.ToArray(), ContentTypeOf(name)));
        }

        if (IndexTemplate.Length == 0)
        {
            throw new InvalidOperationException("The upload page is missing from the assembly's resources.");
        }

        Assets = assets;
        _byVersionedName = assets.ToFrozenDictionary(a => a.VersionedName, StringComparer.Ordinal);
    }

    /// <summary>The page's HTML with <c>{{file}}</c> placeholders for the versioned asset paths and <c>{{settings}}</c>.</summary>
    public string IndexTemplate { get; } = string.Empty;

    public IReadOnlyList<PageAsset> Assets { get; }

    public PageAsset? Find(string versionedName) => _byVersionedName.GetValueOrDefault(versionedName);

    /// <summary>The page with every <c>{{file}}</c> replaced by its versioned path.</summary>
    public string IndexWithAssets() =>
        Assets.Aggregate(IndexTemplate, (html, asset) => html.Replace("{{" + asset.Name + "}}", AssetsPath + asset.VersionedName, StringComparison.Ordinal));

    public static string ContentTypeOf(string name) => ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
}

/// <summary>One static file: its bytes, a gzip copy, and its name with a content hash.</summary>
public sealed record PageAsset(string Name, string VersionedName, string ContentType, byte[] Content, byte[] Gzip, string ETag)
{
    public static PageAsset Create(string name, byte[] content, string contentType)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var extension = Path.GetExtension(name);
        var versioned = $"{name[..^extension.Length]}.{hash[..12]}{extension}";
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            compressor.Write(content);
        }

        return new PageAsset(name, versioned, contentType, content, gzip.ToArray(), $"\"{hash}\"");
    }
}
