using BacNinh.LocalHost.Storage;

[assembly: AssemblyFixture(typeof(BacNinh.IntegrationTests.Fixtures.SharedAzurite))]

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>
/// One in-memory Azurite for the whole test assembly, with a storage account per test class:
/// classes stay isolated (their own containers, tables, queues and trigger bookkeeping) without
/// each starting an emulator of its own.
/// </summary>
public sealed class SharedAzurite : IAsyncLifetime
{
    private const int Accounts = 64;

    private static SharedAzurite? Started;
    private AzuriteServer? _server;
    private int _next;

    /// <summary>The assembly's emulator, started before any class fixture.</summary>
    public static SharedAzurite Current => Started ?? throw new InvalidOperationException("The shared Azurite has not started.");

    /// <summary>The connection string of an account no other test class has been given.</summary>
    public string NextAccount()
    {
        var index = Interlocked.Increment(ref _next);
        if (index > Accounts)
        {
            throw new InvalidOperationException($"More than {Accounts} test classes asked for a storage account; raise {nameof(Accounts)}.");
        }

        return _server!.ConnectionStringFor($"test{index:D2}");
    }

    public async ValueTask InitializeAsync()
    {
        _server = await AzuriteServer.StartAsync(null, [.. Enumerable.Range(1, Accounts).Select(i => $"test{i:D2}")]);
        Started = this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
