using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Uploaders;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// One version of an uploaded blob: identified by its path and ETag (a new version of the same
/// path, or the same bytes under another path, is another upload), and ordered by when storage
/// accepted it (§3: the most recently uploaded value is current, whatever the processing order).
/// </summary>
public sealed record UploadVersion(string PathInContainer, string ETag, DateTimeOffset UploadedAt, long Size, string? VersionId)
{
    /// <summary>The report folder of a path with no agency folder (it is rejected as UNKNOWN_UPLOADER).</summary>
    public const string NoFolder = "_";

    public string BlobPath => $"{StorageNames.UploadsContainer}/{PathInContainer}";

    /// <summary>The upload's id: SHA-256 of the blob path and ETag, so every version has its own report.</summary>
    public string UploadId => IdFor(PathInContainer, ETag);

    /// <summary>The uploader's folder; its reports are stored under the same folder name.</summary>
    public string Folder => FolderOf(PathInContainer);

    /// <summary>
    /// Sorts versions by upload time, ties broken by id so every process agrees on the order.
    /// Last-Modified has whole seconds; with blob versioning on, the version id gives the exact time.
    /// </summary>
    public string Order => $"{UploadedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{UploadId}";

    public static string IdFor(string pathInContainer, string etag)
    {
        ArgumentNullException.ThrowIfNull(pathInContainer);
        ArgumentNullException.ThrowIfNull(etag);
        var key = $"{StorageNames.UploadsContainer}/{pathInContainer.TrimStart('/')}|{Normalize(etag)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public static string FolderOf(string pathInContainer) => UploadPath.FolderOf(pathInContainer) ?? NoFolder;

    public static UploadVersion From(string pathInContainer, BlobProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return Create(pathInContainer, properties.ETag.ToString(), properties.LastModified, properties.ContentLength, properties.VersionId);
    }

    public static UploadVersion From(BlobItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var properties = item.Properties;
        return Create(item.Name, properties.ETag?.ToString() ?? string.Empty, properties.LastModified ?? DateTimeOffset.MinValue,
            properties.ContentLength ?? 0, item.VersionId);
    }

    private static UploadVersion Create(string pathInContainer, string etag, DateTimeOffset lastModified, long size, string? versionId)
    {
        var uploadedAt = versionId is not null && DateTimeOffset.TryParse(versionId, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact) ? exact : lastModified.ToUniversalTime();
        return new UploadVersion(pathInContainer.TrimStart('/'), Normalize(etag), uploadedAt, size, versionId);
    }

    // The same ETag arrives quoted in response headers and bare in listings.
    private static string Normalize(string etag) => etag.Trim().Trim('"');
}
