using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>A storage account of its own on the shared Azurite, with the app's containers and tables, for tests of storage code without a host.</summary>
public sealed class StorageAccountFixture : IAsyncLifetime
{
    public StorageAccount Storage { get; } = StorageAccount.FromConnectionString(SharedAzurite.Current.NextAccount());

    public async ValueTask InitializeAsync() => await StorageProvisioner.EnsureCreatedAsync(Storage);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
