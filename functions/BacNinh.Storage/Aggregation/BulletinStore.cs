using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Monthly bulletins: the Markdown and HTML live in blobs of the computation's version
/// (<c>bulletins/{yyyy-MM}/{version}.md|html</c>), whatever their length; a small row in the
/// Bulletins table, of the same version, points to them.
/// </summary>
public class BulletinStore(StorageAccount account, MonthVersions versions)
{
    public const string Language = "vi";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.BulletinsTable);
    private readonly BlobContainerClient _blobs = account.Blobs.GetBlobContainerClient(StorageNames.BulletinsContainer);

    public static string BlobName(Period period, string version, string format) => $"{period}/{version}.{format}";

    public virtual async Task SaveAsync(Period period, BulletinDocument bulletin, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        // Blobs first: the row that points to them is written only once they exist.
        await UploadAsync(BlobName(period, version, "md"), bulletin.ToMarkdown(), "text/markdown; charset=utf-8", cancellationToken).ConfigureAwait(false);
        await UploadAsync(BlobName(period, version, "html"), bulletin.ToHtml(), "text/html; charset=utf-8", cancellationToken).ConfigureAwait(false);
        await _table.UpsertEntityAsync(new TableEntity(period.ToString(), MonthVersions.VersionedKey(Language, version))
        {
            ["Period"] = period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(period),
            ["Title"] = bulletin.Title,
            ["MarkdownBlob"] = BlobName(period, version, "md"),
            ["HtmlBlob"] = BlobName(period, version, "html"),
            [MonthVersions.VersionProperty] = version,
            ["UpdatedAt"] = updatedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The served bulletin text in <paramref name="format"/> (<c>md</c> or <c>html</c>), or null if none was written.</summary>
    public virtual async Task<string?> GetAsync(Period period, string format, CancellationToken cancellationToken = default)
    {
        var served = await versions.GetAsync(period, cancellationToken).ConfigureAwait(false);
        return served is null ? null : await ReadAsync(BlobName(period, served.Current, format == "html" ? "html" : "md"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The text of a bulletin blob named by a Bulletins row, or null if it is gone.</summary>
    public virtual async Task<string?> ReadAsync(string blobName, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await _blobs.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the month's bulletin blobs of every version but <paramref name="keep"/> (rows go with the tables).</summary>
    public virtual async Task RetireAsync(Period period, IReadOnlyCollection<string> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keep);
        await foreach (var blob in _blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{period}/", cancellationToken).ConfigureAwait(false))
        {
            var version = Path.GetFileNameWithoutExtension(blob.Name[(period.ToString().Length + 1)..]);
            if (!keep.Contains(version))
            {
                await _blobs.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task UploadAsync(string name, string text, string contentType, CancellationToken cancellationToken) =>
        _blobs.GetBlobClient(name).UploadAsync(
            new BinaryData(Encoding.UTF8.GetBytes(text)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
}
