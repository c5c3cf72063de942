using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed class BicepCompilationTests(InfraFixture infra)
{
    [Fact]
    public void EveryBicepFileCompilesWithoutDiagnostics()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Diagnostics);
        Assert.True(infra.Build.Diagnostics.Length == 0, infra.Build.Diagnostics);
        Assert.All(infra.BicepFiles, file => Assert.True(
            File.Exists(Path.Combine(infra.OutputDirectory, Path.ChangeExtension(file, ".json"))), $"{file} has no ARM JSON."));
    }

    [Fact]
    public void LinterFindsNothing()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Diagnostics);
        Assert.True(infra.Lint.Diagnostics.Length == 0, infra.Lint.Diagnostics);
    }

    [Fact]
    public async Task LinterTurnsAWarningIntoAFailure()
    {
        // An unused parameter is only a warning by default; infra/bicepconfig.json makes every rule an error.
        var directory = Directory.CreateTempSubdirectory("bacninh-lint-probe-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "probe.bicep"), "param unused string\n");
            var run = await BicepCli.RunAsync(
                ["lint", "probe.bicep", "--config", Path.Combine(infra.InfraDirectory, "bicepconfig.json")],
                directory.FullName,
                TestContext.Current.CancellationToken);
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("Error no-unused-params", run.Diagnostics, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ModulesAreLocalFiles()
    {
        Assert.All(infra.BicepFiles, file =>
        {
            var text = File.ReadAllText(Path.Combine(infra.InfraDirectory, file));
            Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        });
    }
}
