using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Benchmarks;

/// <summary>
/// An in-process local host that only signs the published hosts' tokens (their issuer's metadata is its
/// own), on an account of its own: its triggers' leases and queue polls stay out of the measured host's storage.
/// </summary>
internal sealed class IssuerHost(LocalHostInstance host) : IAsyncDisposable
{
    /// <summary>The account the issuer host runs on; name it when starting Azurite.</summary>
    public const string Account = "issuer";

    public DevelopmentIssuer Issuer => host.App.Services.GetRequiredService<DevelopmentIssuer>();

    public static async Task<IssuerHost> StartAsync(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        await StorageProvisioner.EnsureCreatedAsync(StorageAccount.FromConnectionString(azurite.ConnectionStringFor(Account))).ConfigureAwait(false);
        var host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            embeddedAccount: azurite.ConnectionStringFor(Account)).ConfigureAwait(false);
        await host.App.StartAsync().ConfigureAwait(false);
        return new IssuerHost(host);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
