using System.Diagnostics;
using System.Net.Http.Headers;
using BacNinh.Functions.Auth;
using BacNinh.LocalHost.Auth;

namespace BacNinh.Benchmarks;

/// <summary>
/// The local host as published (ReadyToRun, as the Functions app is deployed) started as a process of its
/// own on a given storage account: what a new instance's first requests cost, without this process's
/// already compiled code. Its tokens come from <paramref name="issuer"/>, the development issuer of the
/// benchmark's in-process host, named in its <c>AzureAd</c> settings as Entra is in Azure.
/// </summary>
internal sealed class PublishedHost : IAsyncDisposable
{
    private readonly Process _process;

    private readonly Timer _sampler;

    /// <summary>Clock ticks (1/100 s) of each tiered-compilation thread seen, by thread id.</summary>
    private readonly Dictionary<string, long> _jitThreads = [];

    private PublishedHost(Process process, Uri baseAddress, HttpClient http)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = http;
        _sampler = new Timer(_ => SampleJitThreads(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public Uri BaseAddress { get; }

    /// <summary>The host's process id, for a profiler to attach to.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A client of the host with a <c>Datasets.Read</c> token.</summary>
    public HttpClient Http { get; }

    /// <summary>The processor time the host's process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// The processor time of the runtime's tiered-compilation threads so far (Linux; zero elsewhere): the JIT
    /// optimising hot methods in the background, paid once per process, not per row. Such a thread ends when
    /// idle and another starts later, so the threads are sampled every 50 ms and each one's last figure kept.
    /// </summary>
    public TimeSpan JitThreadTime
    {
        get
        {
            SampleJitThreads();
            lock (_jitThreads)
            {
                return TimeSpan.FromMilliseconds(_jitThreads.Values.Sum() * 10);
            }
        }
    }

    private void SampleJitThreads()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                if (name.StartsWith(".NET Tiered", StringComparison.Ordinal))
                {
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                    lock (_jitThreads)
                    {
                        _jitThreads[Path.GetFileName(task)] = ticks;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process or a thread ended meanwhile.
        }
    }

    /// <summary>Waits until the host's processor time stays flat for a second (its start's background work done), at most 30 s.</summary>
    public async Task WaitIdleAsync()
    {
        var clock = Stopwatch.StartNew();
        var (last, quietSince) = (ProcessorTime, clock.Elapsed);
        while (clock.Elapsed - quietSince < TimeSpan.FromSeconds(1) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200).ConfigureAwait(false);
            var now = ProcessorTime;
            if (now - last > TimeSpan.FromMilliseconds(20))
            {
                quietSince = clock.Elapsed;
            }

            last = now;
        }
    }

    /// <summary>
    /// Publishes the local host into <paramref name="directory"/> (Release, the project's publish settings) unless it holds a published one already.
    /// </summary>
    public static async Task<string> PublishAsync(string directory, TextWriter output)
    {
        if (File.Exists(Path.Combine(directory, "BacNinh.LocalHost.dll")))
        {
            return directory;
        }

        var project = Path.Combine(RepositoryRoot(), "functions", "BacNinh.LocalHost", "BacNinh.LocalHost.csproj");
        var clock = Stopwatch.StartNew();
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", directory, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = await publish.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await publish.WaitForExitAsync().ConfigureAwait(false);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing the local host failed: {await log.ConfigureAwait(false)}{errors}");
        }

        await output.WriteLineAsync($"published the local host in {clock.Elapsed.TotalSeconds:N0} s").ConfigureAwait(false);
        return directory;
    }

    /// <summary>Starts the published host on <paramref name="storageConnection"/> and waits until it listens.</summary>
    public static async Task<PublishedHost> StartAsync(string publishedDirectory, string storageConnection, DevelopmentIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(publishedDirectory, "BacNinh.LocalHost.dll"), "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = publishedDirectory,
        };
        start.Environment["AzureWebJobsStorage"] = storageConnection;
        start.Environment["AzureAd__Instance"] = issuer.Instance!.ToString();
        start.Environment["AzureAd__TenantId"] = issuer.TenantId;
        start.Environment["AzureAd__ClientId"] = issuer.ClientId;
        start.Environment["AzureAd__Audience"] = issuer.Audience;
        var process = Process.Start(start)!;
        _ = DrainAsync(process.StandardError);
        try
        {
            // The host prints where it listens once started (Program.cs); anything else before that is a failure.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                const string Listening = "listening on ";
                var at = line.IndexOf(Listening, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                var address = new Uri(line[(at + Listening.Length)..].Split(' ')[0]);
                _ = DrainAsync(process.StandardOutput);
                var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(30) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                    issuer.CreateToken([AppRoles.DatasetsRead], lifetime: TimeSpan.FromHours(4)));
                return new PublishedHost(process, address, http);
            }

            throw new InvalidOperationException("The published host exited before listening.");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sampler.DisposeAsync().ConfigureAwait(false);
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("crit", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"published host: {line}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The repository this benchmark was built from: the folder above its output holding the solution.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BacNinh.Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The benchmark is not run from the repository's build output; pass --published with a published local host.");
    }
}
