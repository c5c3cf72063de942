using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace BacNinh.Benchmarks;

/// <summary>
/// Kestrel's static files in this process, over a folder of its own: the same bytes a shape serves, sent with
/// no work but the sending, the floor each host figure is read against.
/// </summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsFiles;

    private StaticFileServer(WebApplication app, DirectoryInfo files, bool ownsFiles, HttpClient http)
    {
        _app = app;
        Files = files;
        _ownsFiles = ownsFiles;
        Http = http;
    }

    /// <summary>The folder served; removed with the server when the server made it.</summary>
    public DirectoryInfo Files { get; }

    /// <summary>A client of the server, no token.</summary>
    public HttpClient Http { get; }

    /// <param name="files">The folder to serve, the caller's; a new temporary one when null.</param>
    public static async Task<StaticFileServer> StartAsync(DirectoryInfo? files = null)
    {
        var ownsFiles = files is null;
        files ??= Directory.CreateTempSubdirectory("bacninh-static-");
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(files.FullName), ServeUnknownFileTypes = true });
        await app.StartAsync().ConfigureAwait(false);
        return new StaticFileServer(app, files, ownsFiles, new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(30) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownsFiles)
        {
            Files.Delete(recursive: true);
        }
    }
}
