using System.Diagnostics;
using System.Reflection;

namespace BacNinh.Infra.Tests.Bicep;

/// <summary>Output of one run of the Bicep CLI.</summary>
public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    public string Diagnostics => string.Join(Environment.NewLine, new[] { StandardOutput, StandardError }.Where(s => s.Length > 0));
}

/// <summary>The bicep executable of the Azure.Bicep.CommandLine package, whose path the build records.</summary>
public static class BicepCli
{
    public static string ExecutablePath { get; } = Metadata("BicepPath");

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static async Task<BicepRun> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        EnsureExecutable();
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepRun(process.ExitCode, (await standardOutput.ConfigureAwait(false)).Trim(), (await standardError.ConfigureAwait(false)).Trim());
    }

    private static void EnsureExecutable()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException("The Bicep CLI is missing: restore the Azure.Bicep.CommandLine.linux-x64 package.", ExecutablePath);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(ExecutablePath);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(ExecutablePath, mode | execute);
            }
        }
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing.");
}
