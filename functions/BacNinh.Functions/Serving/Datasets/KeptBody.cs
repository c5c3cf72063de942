using Azure;
using Azure.Storage.Blobs;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>A dataset body kept in a blob: the blob, the blob version holding the body, its length in bytes and its content type.</summary>
public sealed record KeptBody(BlobClient Blob, ETag BlobETag, long Length, string? ContentType);
