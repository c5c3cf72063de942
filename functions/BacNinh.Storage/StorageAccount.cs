using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Configuration;

namespace BacNinh.Storage;

/// <summary>
/// The storage account the app works in, read from the Functions setting <c>AzureWebJobsStorage</c>:
/// a connection string locally (Azurite), or in Azure the identity-based form
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__tableServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__credential</c>, <c>__clientId</c>) so no key is ever stored.
/// </summary>
public sealed class StorageAccount
{
    public const string SettingName = "AzureWebJobsStorage";

    private StorageAccount(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public static StorageAccount FromConnectionString(string connectionString) => new(
        new BlobServiceClient(connectionString),
        new TableServiceClient(connectionString, TableOptions()),
        new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

    public static StorageAccount FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(SettingName);
        var blobUri = section["blobServiceUri"] ?? throw new InvalidOperationException(
            $"Set '{SettingName}' (connection string) or '{SettingName}__blobServiceUri', '__tableServiceUri' and '__queueServiceUri'.");
        var tableUri = section["tableServiceUri"] ?? throw new InvalidOperationException($"Set '{SettingName}__tableServiceUri'.");
        var queueUri = section["queueServiceUri"] ?? throw new InvalidOperationException($"Set '{SettingName}__queueServiceUri'.");
        var credential = Credential(section);
        return new StorageAccount(
            new BlobServiceClient(new Uri(blobUri), credential),
            new TableServiceClient(new Uri(tableUri), credential, TableOptions()),
            new QueueServiceClient(new Uri(queueUri), credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
    }

    /// <summary>
    /// Table clients that let a dataset read take its pages' JSON (<see cref="TablePageCapture"/>): inside the
    /// retries, so a page whose body fails half-read is asked for again, as the SDK's own buffering would.
    /// </summary>
    private static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.AddPolicy(TablePageCapture.Policy, HttpPipelinePosition.PerRetry);
        return options;
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
