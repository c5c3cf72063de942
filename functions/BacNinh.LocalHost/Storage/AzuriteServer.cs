using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace BacNinh.LocalHost.Storage;

/// <summary>
/// Azurite, in memory, on free loopback ports, started from the project's own npm install and
/// stopped with this object. Nothing it stores outlives the process.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _workDirectory;

    private const string DefaultAccount = "devstoreaccount1";

    private readonly int _blobPort;
    private readonly int _queuePort;
    private readonly int _tablePort;

    private AzuriteServer(Process process, string workDirectory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _workDirectory = workDirectory;
        (_blobPort, _queuePort, _tablePort) = (blobPort, queuePort, tablePort);
        ConnectionString = ConnectionStringFor(DefaultAccount);
    }

    /// <summary>The default account's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string of one of the accounts the emulator was started with.</summary>
    public string ConnectionStringFor(string account) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{account};" +
        $"QueueEndpoint=http://127.0.0.1:{_queuePort}/{account};" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/{account};";

    public static Task<AzuriteServer> StartAsync(string? scriptPath = null, CancellationToken cancellationToken = default) =>
        StartAsync(scriptPath, [], cancellationToken);

    /// <summary>
    /// Starts the emulator with <paramref name="extraAccounts"/> beside the default one: separate
    /// storage accounts in one process, e.g. one per test class on a shared emulator.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(string? scriptPath, IReadOnlyCollection<string> extraAccounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extraAccounts);
        var script = scriptPath ?? DefaultScript();
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("Azurite is not installed; build the local host once (it runs 'npm ci').", script);
        }

        var ports = new[] { FreePort(), FreePort(), FreePort() };
        var workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        if (extraAccounts.Count > 0)
        {
            start.Environment["AZURITE_ACCOUNTS"] = string.Join(';', extraAccounts.Prepend(DefaultAccount).Select(a => $"{a}:{AccountKey}"));
        }

        foreach (var argument in new[]
        {
            // In memory: --location is refused with it, so the working directory keeps any stray file.
            script, "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", Text(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Text(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Text(ports[2]),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, workDirectory, ports[0], ports[1], ports[2]);
        try
        {
            foreach (var port in ports)
            {
                await WaitForPortAsync(process, port, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>CPU time the storage emulator has used so far: tells whether storage or the client limits a run.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string DefaultScript() =>
        typeof(AzuriteServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AzuriteScript")?.Value
        ?? throw new InvalidOperationException("The Azurite script path was not recorded at build time.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(Process process, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
