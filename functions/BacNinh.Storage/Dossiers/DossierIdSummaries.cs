using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Which dossier ids were current in each month received when it was last recounted, one blob per
/// month and bucket of <see cref="DossierRecordKeys"/> (<c>{yyyy-MM}/{bucket}</c>, an id key a line).
/// An id's bucket is the same in every month, so a recount holding one partition's ids compares
/// them with the same bucket of every other month, a few hundred KiB each, to find dossiers that a
/// newer upload moved to another month (a corrected received date): <see cref="DossierRecordStore"/>.
/// </summary>
public sealed class DossierIdSummaries(StorageAccount account)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly BlobContainerClient _container = account.Blobs.GetBlobContainerClient(StorageNames.DossierIdsContainer);

    /// <summary>The months that have summaries.</summary>
    public async Task<IReadOnlyList<Period>> MonthsAsync(CancellationToken cancellationToken)
    {
        List<Period> months = [];
        await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix && Period.TryParse(item.Prefix.TrimEnd('/'), out var month))
            {
                months.Add(month);
            }
        }

        return months;
    }

    public async Task WriteAsync(Period month, int bucket, IEnumerable<string> idKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idKeys);
        using var content = new MemoryStream();
        using (var writer = new StreamWriter(content, Utf8, 1 << 16, leaveOpen: true))
        {
            foreach (var id in idKeys)
            {
                await writer.WriteAsync(id).ConfigureAwait(false);
                await writer.WriteAsync('\n').ConfigureAwait(false);
            }
        }

        content.Position = 0;
        await _container.GetBlobClient(Name(month, bucket)).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id keys of one month and bucket; none when that month never had the bucket.</summary>
    public async IAsyncEnumerable<string> ReadAsync(Period month, int bucket, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream content;
        try
        {
            content = await _container.GetBlobClient(Name(month, bucket)).OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            yield break;
        }

        using var reader = new StreamReader(content, Utf8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static string Name(Period month, int bucket) => $"{month}/{bucket:D2}";
}
