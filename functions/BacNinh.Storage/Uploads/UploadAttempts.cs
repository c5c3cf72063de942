using Azure;
using Azure.Data.Tables;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Uploads;

/// <summary>
/// Counts the attempts at each uploaded blob version, whichever trigger made them (Event Grid,
/// the container scan, the reconciliation sweep): how the ingestor knows its last attempt. It also
/// keeps the months an attempt is about to write, so an upload set aside can take back what its
/// attempts wrote.
/// </summary>
public class UploadAttempts(StorageAccount account)
{
    private const string Partition = "attempts";
    private const string PeriodsProperty = "Periods";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.UploadAttemptsTable);

    /// <summary>Records one more attempt and returns how many there have been, this one included.</summary>
    public virtual async Task<int> BeginAsync(string key, string blobPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var conflict = 0; ; conflict++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue || existing.Value is null)
                {
                    await _table.AddEntityAsync(new TableEntity(Partition, key) { ["Attempts"] = 1, ["BlobPath"] = blobPath }, cancellationToken).ConfigureAwait(false);
                    return 1;
                }

                var entity = existing.Value;
                var attempts = (entity.GetInt32("Attempts") ?? 0) + 1;
                entity["Attempts"] = attempts;
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return attempts;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && conflict < 5)
            {
                // A concurrent delivery counted at the same time; count again.
            }
        }
    }

    /// <summary>Takes back the attempt just begun: it was cancelled (shutdown, scale-in), not failed.</summary>
    public virtual async Task GiveBackAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var conflict = 0; conflict < 5; conflict++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue || existing.Value is not { } entity)
            {
                return;
            }

            entity["Attempts"] = Math.Max(0, (entity.GetInt32("Attempts") ?? 0) - 1);
            try
            {
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed concurrently; read again.
            }
        }
    }

    /// <summary>Notes, before they are written, months the attempts at <paramref name="key"/> write inputs of.</summary>
    public virtual async Task NotePeriodsAsync(string key, IEnumerable<Period> periods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(periods);
        HashSet<Period> adding = [.. periods];
        if (adding.Count == 0)
        {
            return;
        }

        for (var conflict = 0; ; conflict++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = existing.HasValue && existing.Value is { } row ? row : new TableEntity(Partition, key);
            var noted = Parse(entity.GetString(PeriodsProperty));
            if (noted.IsSupersetOf(adding))
            {
                return;
            }

            noted.UnionWith(adding);
            entity[PeriodsProperty] = string.Join(' ', noted.Order());
            try
            {
                if (existing.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && conflict < 5)
            {
                // Counted or noted concurrently; read again.
            }
        }
    }

    /// <summary>The months noted for <paramref name="key"/> by <see cref="NotePeriodsAsync"/>.</summary>
    public virtual async Task<IReadOnlyCollection<Period>> NotedPeriodsAsync(string key, CancellationToken cancellationToken = default)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, [PeriodsProperty], cancellationToken).ConfigureAwait(false);
        return existing.HasValue && existing.Value is { } row ? Parse(row.GetString(PeriodsProperty)) : [];
    }

    /// <summary>Forgets the attempts once the upload has its report.</summary>
    public virtual async Task CompleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing was counted.
        }
    }

    private static HashSet<Period> Parse(string? periods) =>
        [.. (periods ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Period.Parse)];
}
