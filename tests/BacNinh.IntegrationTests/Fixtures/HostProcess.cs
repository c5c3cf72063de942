using System.Collections.Concurrent;
using System.Diagnostics;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>
/// The local host as a process of its own, on storage the test owns, so a test can kill it
/// (SIGKILL, no graceful stop) and start it again on the same data.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private const string ReadyLine = "BacNinh local host listening on";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The last lines the host printed, for a failure message.</summary>
    public string Tail => string.Join(Environment.NewLine, _output.TakeLast(40));

    /// <summary>Starts the host on <paramref name="storageConnection"/> and waits until it listens.</summary>
    public static async Task<HostProcess> StartAsync(string storageConnection, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "BacNinh.LocalHost.dll"), "--AzureWebJobsStorage", storageConnection, "--urls", "http://127.0.0.1:0" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("The local host did not start."));
        host._process.OutputDataReceived += (_, e) => host.Record(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await host._ready.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            host.Kill();
            throw new TimeoutException($"The local host did not start listening within 60 s:{Environment.NewLine}{host.Tail}");
        }

        return host;
    }

    /// <summary>Kills the process at once, as a crash or an out-of-memory kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }

        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
