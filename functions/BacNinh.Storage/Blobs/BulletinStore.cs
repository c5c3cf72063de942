using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BacNinh.Core.Bulletins;
using BacNinh.Core.Periods;
using BacNinh.Storage.Tables;

namespace BacNinh.Storage.Blobs;

/// <summary>Monthly bulletins: a row in the Bulletins dataset and Markdown/HTML blobs for direct links.</summary>
public class BulletinStore(StorageAccount account)
{
    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.BulletinsTable);
    private readonly BlobContainerClient _blobs = account.Blobs.GetBlobContainerClient(StorageNames.BulletinsContainer);

    public virtual async Task SaveAsync(Period period, BulletinDocument bulletin, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        var markdown = bulletin.ToMarkdown();
        var html = bulletin.ToHtml();
        await _table.UpsertEntityAsync(new TableEntity(period.ToString(), "vi")
        {
            ["Period"] = period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(period),
            ["Title"] = bulletin.Title,
            ["Markdown"] = markdown,
            ["Html"] = html,
            ["UpdatedAt"] = updatedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await UploadAsync(StorageNames.BulletinBlob(period.ToString(), "md"), markdown, "text/markdown; charset=utf-8", cancellationToken).ConfigureAwait(false);
        await UploadAsync(StorageNames.BulletinBlob(period.ToString(), "html"), html, "text/html; charset=utf-8", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored bulletin text in <paramref name="format"/> (<c>md</c> or <c>html</c>), or null if none was written.</summary>
    public virtual async Task<string?> GetAsync(Period period, string format, CancellationToken cancellationToken = default)
    {
        try
        {
            var entity = await _table.GetEntityAsync<TableEntity>(period.ToString(), "vi", cancellationToken: cancellationToken).ConfigureAwait(false);
            return entity.Value.GetString(format == "html" ? "Html" : "Markdown");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private Task UploadAsync(string name, string text, string contentType, CancellationToken cancellationToken) =>
        _blobs.GetBlobClient(name).UploadAsync(
            new BinaryData(Encoding.UTF8.GetBytes(text)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
}
