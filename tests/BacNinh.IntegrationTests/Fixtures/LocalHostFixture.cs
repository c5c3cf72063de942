using Azure.Storage.Blobs;
using BacNinh.LocalHost;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>
/// The real local host, as the README runs it: its own Azurite in memory on free ports, the
/// WebJobs triggers and Kestrel on a free loopback port. Shared by the tests of a class.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    private LocalHostInstance? _host;

    public HttpClient Http { get; private set; } = null!;

    public StorageAccount Storage { get; private set; } = null!;

    public LocalHostInstance Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync()
    {
        _host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--environment", "Development", .. ExtraArguments]);
        await _host.App.StartAsync();
        Http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Storage = StorageAccount.FromConnectionString(_host.StorageConnection);
    }

    /// <summary>Settings a derived fixture adds to the host's command line.</summary>
    protected virtual string[] ExtraArguments => [];

    /// <summary>Uploads a file as an agency would: a new blob under <c>uploads/</c>.</summary>
    public async Task UploadAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        var blob = Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(blobName);
        await blob.UploadAsync(new BinaryData(content), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
