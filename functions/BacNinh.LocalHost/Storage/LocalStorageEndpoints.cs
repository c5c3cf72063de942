using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Uploaders;
using BacNinh.LocalHost.Development;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;

namespace BacNinh.LocalHost.Storage;

/// <summary>
/// The embedded Azurite, reachable with curl from the machine itself: <c>PUT /dev-storage/uploads/{agency}/{yyyy-MM}/{file}</c>
/// drops a file where agencies upload (the blob trigger takes it from there), <c>PUT /dev-storage/reference/{file}</c>
/// replaces reference data, <c>GET /dev-storage/upload-reports/{agency}/{uploadId}.json</c> reads an upload's report.
/// Mapped only when the local host runs its own Azurite, and guarded by <see cref="DevelopmentRequestFilter"/>.
/// </summary>
public static class LocalStorageEndpoints
{
    public const string PathBase = "/dev-storage";

    private static readonly HashSet<string> Writable = new(StringComparer.Ordinal) { StorageNames.UploadsContainer, StorageNames.ReferenceContainer };

    private static readonly HashSet<string> Readable = new(StringComparer.Ordinal)
    {
        StorageNames.UploadsContainer, StorageNames.ReferenceContainer, StorageNames.ReportsContainer, StorageNames.BulletinsContainer,
    };

    public static WebApplication MapLocalStorage(this WebApplication app, StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(storage);
        var group = app.MapGroup(PathBase).AddEndpointFilter<DevelopmentRequestFilter>();

        group.MapPut("/{container}/{**path}", async (string container, string path, HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!Writable.Contains(container) || string.IsNullOrWhiteSpace(path))
            {
                return NotFound($"Only {string.Join(" and ", Writable)} can be written here.");
            }

            // Buffered: the SDK needs a seekable body to retry an upload.
            using var content = new MemoryStream();
            await request.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            var blob = storage.Blobs.GetBlobContainerClient(container).GetBlobClient(path);
            var conditions = container == StorageNames.UploadsContainer ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null;
            Azure.Response<BlobContentInfo> written;
            try
            {
                content.Position = 0;
                written = await blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
            {
                // Uploaded files are never replaced: a new version goes to a new path.
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The upload exists already",
                    detail: $"{container}/{path} exists already; upload the new version under another name.");
            }

            // The upload's id is its blob version's (path and ETag), as ingestion computes it.
            if (container != StorageNames.UploadsContainer)
            {
                return Results.Created($"{PathBase}/{container}/{path}", new LocalUpload($"{container}/{path}", null, null));
            }

            var uploadId = UploadVersion.IdFor(path, written.Value.ETag.ToString());
            var report = $"{PathBase}/{StorageNames.ReportsContainer}/{UploadReportStore.ReportPath(UploadPath.Parse(path).Folder, uploadId)}";
            return Results.Created($"{PathBase}/{container}/{path}", new LocalUpload($"{container}/{path}", uploadId, report));
        });

        group.MapGet("/{container}/{**path}", async (string container, string path, CancellationToken cancellationToken) =>
        {
            if (!Readable.Contains(container))
            {
                return NotFound($"Only {string.Join(", ", Readable)} can be read here.");
            }

            var blob = storage.Blobs.GetBlobContainerClient(container).GetBlobClient(path);
            try
            {
                var download = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                return Results.Bytes(download.Value.Content.ToArray(), download.Value.Details.ContentType ?? "application/octet-stream");
            }
            catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
            {
                return NotFound($"{container}/{path} does not exist (yet: a report appears once its upload is processed).");
            }
        });
        return app;
    }

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}

/// <summary>What <c>PUT /dev-storage/…</c> answers: the blob written and, for an upload, its id and where its report will be.</summary>
public sealed record LocalUpload(string Blob, string? UploadId, string? Report);
