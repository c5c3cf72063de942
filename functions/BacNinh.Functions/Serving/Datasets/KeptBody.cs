using Azure;
using Azure.Storage.Blobs;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>A dataset body kept in a blob: the blob, the blob version holding the body, and its length in bytes.</summary>
public sealed record KeptBody(BlobClient Blob, ETag BlobETag, long Length);
