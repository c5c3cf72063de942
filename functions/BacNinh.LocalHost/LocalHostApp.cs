using BacNinh.Functions.Auth;
using BacNinh.Functions.Hosting;
using BacNinh.LocalHost.Auth;
using BacNinh.LocalHost.Configuration;
using BacNinh.LocalHost.Functions;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.WebJobs;

namespace BacNinh.LocalHost;

/// <summary>
/// Builds the local host: the same settings names and services as the Functions app, WebJobs
/// triggers over the same storage, Kestrel on <see cref="DefaultUrl"/>. Without an
/// <c>AzureWebJobsStorage</c> setting it starts Azurite in memory and uses that.
/// </summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static Task<LocalHostInstance> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        CreateAsync(args, embeddedAccount: null, configure, cancellationToken);

    /// <summary>
    /// Builds the local host on <paramref name="embeddedAccount"/>: an account of an in-memory Azurite
    /// the caller started and owns (tests share one), treated like the host's own embedded Azurite.
    /// </summary>
    public static async Task<LocalHostInstance> CreateAsync(string[] args, string? embeddedAccount, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // Only routes that declare a role authenticate (the functions' access policy). Without this
        // switch ASP.NET Core makes the one bearer scheme the default and authenticates every
        // request, so a host on a real account without an AzureAd section fails even /api/health.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddHostJsonExtensions(AppContext.BaseDirectory);
        configure?.Invoke(builder);

        AzuriteServer? azurite = null;
        var embedded = embeddedAccount is not null;
        if (embeddedAccount is not null)
        {
            builder.Configuration[StorageAccount.SettingName] = embeddedAccount;
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[StorageAccount.SettingName])
            && string.IsNullOrWhiteSpace(builder.Configuration[$"{StorageAccount.SettingName}:blobServiceUri"]))
        {
            azurite = await AzuriteServer.StartAsync(builder.Configuration["Azurite:Script"], cancellationToken).ConfigureAwait(false);
            builder.Configuration[StorageAccount.SettingName] = azurite.ConnectionString;
            embedded = true;
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        try
        {
            // Containers must exist before the blob listener starts watching them.
            await StorageProvisioner.EnsureCreatedAsync(StorageAccount.FromConfiguration(builder.Configuration), cancellationToken).ConfigureAwait(false);

            builder.AddBacNinhApplication();
            builder.Services.AddLoopbackIssuerRelaxations(builder.Configuration);

            // Development conveniences exist only beside the embedded Azurite (contract §7), and
            // forwarded headers are never trusted, so no proxy can make a caller look local.
            if (embedded)
            {
                builder.AddDevelopmentIssuer();
            }

            builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None);

            // Development keys stay on this machine; without an encryptor the key manager warns at every first start.
            builder.Services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(
                o => o.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor());
            builder.Services.AddMvcCore();
            builder.Host.ConfigureWebJobs(webJobs =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageBlobs();
                webJobs.AddAzureStorageQueues();
                webJobs.AddTimers();
                webJobs.Services.AddSingleton<ITypeLocator>(new FixedTypeLocator(typeof(LocalTriggers)));
            });

            var app = builder.Build();
            app.UseRequestBodyProblems();
            app.UseRouting();
            app.UseFunctionAuthorization();
            app.MapDevelopmentIssuer();
            if (embedded)
            {
                app.MapLocalStorage(StorageAccount.FromConfiguration(builder.Configuration));
            }

            app.MapIsolatedHttpFunctions(typeof(BacNinh.Functions.Ingestion.IngestUpload).Assembly);
            return new LocalHostInstance(app, azurite, embedded);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private sealed class FixedTypeLocator(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}

/// <summary>A built local host and the Azurite it started, if any; disposing stops both.</summary>
public sealed class LocalHostInstance(WebApplication app, AzuriteServer? azurite, bool embeddedStorage) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    /// <summary>The Azurite this host started and stops, if any.</summary>
    public AzuriteServer? Azurite { get; } = azurite;

    /// <summary>True on an in-memory Azurite (its own or one a test shares): development conveniences are on.</summary>
    public bool EmbeddedStorage { get; } = embeddedStorage;

    public string StorageConnection => App.Configuration[StorageAccount.SettingName] ?? string.Empty;

    /// <summary>Where Kestrel listens, once started (resolves port 0 to the real port).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async ValueTask DisposeAsync()
    {
        // Stop first so the trigger listeners drain before their services are disposed.
        try
        {
            await App.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timed out; disposal below still releases everything.
        }

        await App.DisposeAsync().ConfigureAwait(false);
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
