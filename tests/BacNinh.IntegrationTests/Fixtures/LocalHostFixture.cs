using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Ingestion;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>
/// The real local host, as the README runs it: Azurite in memory (an account of its own on the
/// assembly's <see cref="SharedAzurite"/>), the WebJobs triggers and Kestrel on a free loopback
/// port. Shared by the tests of a class.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    private LocalHostInstance? _host;

    /// <summary>A client that sends a development token with every app role, as an authorised app would.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client that sends no token.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The local host's development OpenID issuer (its signing key mints test tokens).</summary>
    public DevelopmentIssuer Issuer => Host.App.Services.GetRequiredService<DevelopmentIssuer>();

    public StorageAccount Storage { get; private set; } = null!;

    public LocalHostInstance Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>Settings a derived fixture adds to the host's command line.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public virtual async ValueTask InitializeAsync()
    {
        _host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--environment", "Development", .. ExtraArguments], SharedAzurite.Current.NextAccount());
        await _host.App.StartAsync();
        Http = CreateClient(Issuer.CreateToken([AppRoles.DatasetsRead, AppRoles.AggregationsRun]));
        Anonymous = CreateClient(token: null);
        Storage = StorageAccount.FromConnectionString(_host.StorageConnection);
    }

    /// <summary>A client on the local host that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Uploads a file as an agency would: a new blob at <c>uploads/{agency}/{yyyy-MM}/{file}</c>.</summary>
    public async Task<UploadedBlob> UploadAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        var blob = Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(blobName);
        var written = await blob.UploadAsync(new BinaryData(content), cancellationToken);
        return new UploadedBlob(blobName, UploadVersion.IdFor(blobName, written.Value.ETag.ToString()), UploadPath.Parse(blobName).Folder);
    }

    /// <summary>The report of an upload, once the triggers have written it.</summary>
    public Task<UploadReport> ReportAsync(UploadedBlob upload, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var reports = new UploadReportStore(Storage);
        return Eventually.GetAsync(() => reports.GetAsync(upload.Folder, upload.UploadId, cancellationToken), timeout ?? TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Uploads and waits for the report.</summary>
    public async Task<UploadReport> UploadAndReportAsync(string blobName, byte[] content, CancellationToken cancellationToken) =>
        await ReportAsync(await UploadAsync(blobName, content, cancellationToken), cancellationToken);

    /// <summary>
    /// A blob outside <c>uploads/</c>, which no trigger watches: a test hands it to
    /// <see cref="Ingestor"/> itself to decide the processing order.
    /// </summary>
    public async Task<BlobClient> StageAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        var container = Storage.Blobs.GetBlobContainerClient("staging");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(blobName);
        await blob.UploadAsync(new BinaryData(content), cancellationToken);
        return blob;
    }

    /// <summary>Waits until the host has written the local copies and blobs of the bodies it kept so far (after answering).</summary>
    public Task BodyCopiesWrittenAsync() => Host.App.Services.GetRequiredService<BodyStore>().CopiesWrittenAsync();

    /// <summary>The host's own ingestor, as its triggers call it.</summary>
    public UploadIngestor Ingestor => Host.App.Services.GetRequiredService<UploadIngestor>();

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Http?.Dispose();
        Anonymous?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>An upload a test made: its blob name, its id (path and ETag) and its folder.</summary>
public sealed record UploadedBlob(string BlobName, string UploadId, string Folder);
