using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Dataset bodies kept as blobs in <see cref="StorageNames.DatasetBodiesContainer"/>, one blob per
/// body name, tagged in its metadata with the tag of the content it was written from: a body of a
/// newer computation replaces the older one, and a blob is committed only once written whole.
/// </summary>
public sealed class DatasetBodyBlobs(StorageAccount account)
{
    private const string TagMetadata = "contentetag";

    private readonly BlobContainerClient _container = account.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer);

    private int _containerReady;

    /// <summary>The body kept as <paramref name="name"/> if it was written from <paramref name="tag"/>; null when there is none (one round trip).</summary>
    public async Task<KeptBody?> ReadAsync(string name, string tag, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return result.Details.Metadata.TryGetValue(TagMetadata, out var stored) && stored == tag
                ? new KeptBody(tag, result.Content.ToArray(), result.Details.ContentType)
                : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The tag of every body kept under <paramref name="prefix"/>, by name: one round trip for up to 5,000 bodies.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                if (blob.Metadata.TryGetValue(TagMetadata, out var tag))
                {
                    tags[blob.Name] = tag;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No body was kept yet: the container is made by the first one.
        }

        return tags;
    }

    /// <summary>Keeps <paramref name="body"/> as <paramref name="name"/>, replacing what was kept there.</summary>
    public async Task WriteAsync(string name, KeptBody body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Volatile.Read(ref _containerReady) == 0)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _containerReady, 1);
        }

        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(body.Bytes), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [TagMetadata] = body.Tag },
            HttpHeaders = new BlobHttpHeaders { ContentType = body.ContentType },
        }, cancellationToken).ConfigureAwait(false);
    }
}
