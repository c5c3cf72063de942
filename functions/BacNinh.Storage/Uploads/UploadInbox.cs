using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Ingestion.Files;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// Uploads received over HTTP: stored in the <c>uploads</c> container exactly where an agency's
/// direct blob upload would go, never replacing a blob (a taken name gets <c>-2</c>, <c>-3</c>…),
/// and listed again, pending (blob, no report yet) or processed (a row in the Uploads table).
/// </summary>
public class UploadInbox(StorageAccount account)
{
    /// <summary>How many suffixed names are tried before giving up on a name.</summary>
    public const int MaxNameAttempts = 1000;

    // Bodies go to storage in blocks of this size: memory per upload stays small whatever the file.
    private const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _uploads = account.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.UploadsTable);

    /// <summary>
    /// Streams <paramref name="content"/> to <c>{folder}/{period}/{fileName}</c> (or the first free
    /// suffixed name) with <c>If-None-Match: *</c>. Throws <see cref="UploadTooLargeException"/>
    /// once the body passes <paramref name="maxBytes"/>, and <see cref="UploadNameTakenException"/>
    /// when another upload took the chosen name while this one streamed.
    /// </summary>
    public virtual async Task<UploadVersion> StoreAsync(string folder, Period? period, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var directory = FolderPrefix(folder, period);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in _uploads.GetBlobsAsync(new GetBlobsOptions { Prefix = directory }, cancellationToken).ConfigureAwait(false))
        {
            taken.Add(item.Name);
        }

        var path = FreeName(directory, fileName, taken);
        var blob = _uploads.GetBlobClient(path);
        try
        {
            var written = await blob.UploadAsync(new BoundedStream(content, maxBytes, exceeded: limit => new UploadTooLargeException(limit)), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 2 },
            }, cancellationToken).ConfigureAwait(false);
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = written.Value.ETag }, cancellationToken).ConfigureAwait(false);
            return UploadVersion.From(path, properties.Value);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new UploadNameTakenException(path, ex);
        }
    }

    /// <summary>The first of <c>name</c>, <c>name-2</c>, <c>name-3</c>… (before the extension) not in <paramref name="taken"/>.</summary>
    public static string FreeName(string directory, string fileName, IReadOnlySet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(taken);
        var dot = fileName.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (fileName[..dot], fileName[dot..]) : (fileName, string.Empty);
        for (var n = 1; n <= MaxNameAttempts; n++)
        {
            var candidate = n == 1 ? directory + fileName : $"{directory}{stem}-{n}{extension}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        throw new UploadNameTakenException(directory + fileName, null);
    }

    /// <summary>The blob version under <paramref name="folder"/> whose upload id is <paramref name="uploadId"/>, or null: one folder's listing, never the container's.</summary>
    public virtual async Task<UploadVersion?> FindBlobAsync(string folder, string uploadId, CancellationToken cancellationToken = default)
    {
        await foreach (var version in ListBlobsAsync(folder, null, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(version.UploadId, uploadId, StringComparison.Ordinal))
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>Every blob of one folder, or of one folder's month, as upload versions: never the whole container.</summary>
    public virtual async IAsyncEnumerable<UploadVersion> ListBlobsAsync(string folder, Period? period, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _uploads.GetBlobsAsync(new GetBlobsOptions { Prefix = FolderPrefix(folder, period) }, cancellationToken).ConfigureAwait(false))
        {
            yield return UploadVersion.From(item);
        }
    }

    /// <summary>The processed uploads of a month, of one folder or (null) of every folder.</summary>
    public virtual async IAsyncEnumerable<UploadSummary> ListReportedAsync(Period period, string? folder, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = folder is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()} and Folder eq {folder}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return UploadSummary.From(entity);
        }
    }

    private static string FolderPrefix(string folder, Period? period)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return period is { } p ? $"{folder}/{p}/" : $"{folder}/";
    }
}

/// <summary>Another upload took the chosen name while this one streamed; the body is spent, so the client sends it again.</summary>
public sealed class UploadNameTakenException(string path, Exception? inner)
    : IOException($"The name {path} was taken by another upload at the same moment.", inner)
{
    public string Path { get; } = path;
}
