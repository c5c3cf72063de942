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
/// The path is parsed and the id hashed once, here: every row written for the upload reuses them.
/// </summary>
public sealed record UploadVersion
{
    public UploadVersion(UploadPath path, string etag, DateTimeOffset uploadedAt, long size, string? versionId)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(etag);
        Path = path;
        ETag = Normalize(etag);
        UploadedAt = uploadedAt;
        Size = size;
        VersionId = versionId;
        UploadId = IdFor(path.Name, ETag);
        Order = $"{uploadedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{UploadId}";
    }

    public UploadPath Path { get; }

    public string ETag { get; }

    public DateTimeOffset UploadedAt { get; }

    public long Size { get; }

    public string? VersionId { get; }

    /// <summary>The upload's id: SHA-256 of the blob path and ETag, so every version has its own report.</summary>
    public string UploadId { get; }

    /// <summary>
    /// Sorts versions by upload time, ties broken by id so every process agrees on the order.
    /// Last-Modified has whole seconds; with blob versioning on, the version id gives the exact time.
    /// </summary>
    public string Order { get; }

    public string BlobPath => $"{StorageNames.UploadsContainer}/{Path.Name}";

    public static string IdFor(string blobName, string etag)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        ArgumentNullException.ThrowIfNull(etag);
        var key = $"{StorageNames.UploadsContainer}/{blobName.TrimStart('/')}|{Normalize(etag)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public static UploadVersion From(string blobName, BlobProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return Create(blobName, properties.ETag.ToString(), properties.LastModified, properties.ContentLength, properties.VersionId);
    }

    public static UploadVersion From(BlobItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var properties = item.Properties;
        return Create(item.Name, properties.ETag?.ToString() ?? string.Empty, properties.LastModified ?? DateTimeOffset.MinValue,
            properties.ContentLength ?? 0, item.VersionId);
    }

    private static UploadVersion Create(string blobName, string etag, DateTimeOffset lastModified, long size, string? versionId)
    {
        var uploadedAt = versionId is not null && DateTimeOffset.TryParse(versionId, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact) ? exact : lastModified.ToUniversalTime();
        return new UploadVersion(UploadPath.Parse(blobName), etag, uploadedAt, size, versionId);
    }

    // The same ETag arrives quoted in response headers and bare in listings.
    private static string Normalize(string etag) => etag.Trim().Trim('"');
}
