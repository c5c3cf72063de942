using Azure;

namespace BacNinh.Storage;

/// <summary>Creates the containers, tables and queue the app uses if they are missing. Safe to run at every start.</summary>
public static class StorageProvisioner
{
    public static async Task EnsureCreatedAsync(StorageAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        foreach (var container in StorageNames.Containers)
        {
            await account.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in StorageNames.Tables)
        {
            await account.Tables.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var queue in StorageNames.Queues)
        {
            try
            {
                await account.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Created concurrently by another instance.
            }
        }
    }
}
