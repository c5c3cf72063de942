using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BacNinh.Infra.Tests.Bicep;

[assembly: AssemblyFixture(typeof(InfraFixture))]

namespace BacNinh.Infra.Tests.Bicep;

/// <summary>
/// Builds every .bicep file under infra/ once (modules are local files, so nothing is restored from a
/// registry) and lints them, for all the tests of the assembly.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, ArmTemplate> _templates = new(StringComparer.Ordinal);

    public string InfraDirectory { get; } = Path.Combine(BicepCli.RepositoryRoot, "infra");

    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"bacninh-infra-{Guid.NewGuid():N}");

    public BicepRun Build { get; private set; } = new(-1, string.Empty, string.Empty);

    public BicepRun Lint { get; private set; } = new(-1, string.Empty, string.Empty);

    /// <summary>Every .bicep file, relative to infra/, with forward slashes.</summary>
    public IReadOnlyList<string> BicepFiles =>
        [.. Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(InfraDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public ArmTemplate Main => Template("main.bicep");

    public ArmTemplate EventGrid => Template("eventgrid.bicep");

    /// <summary>The compiled ARM JSON of a .bicep file (path relative to infra/).</summary>
    public ArmTemplate Template(string bicepFile) => _templates.GetOrAdd(bicepFile, file =>
    {
        var json = Path.Combine(OutputDirectory, Path.ChangeExtension(file, ".json"));
        if (!File.Exists(json))
        {
            throw new InvalidOperationException($"{file} did not compile:{Environment.NewLine}{Build.Diagnostics}");
        }

        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(json))!.AsObject(), file);
    });

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(OutputDirectory);
        var build = BicepCli.RunAsync(["build", "--pattern", "**/*.bicep", "--outdir", OutputDirectory], InfraDirectory, cancellationToken);
        var lint = BicepCli.RunAsync(["lint", "--pattern", "**/*.bicep"], InfraDirectory, cancellationToken);
        Build = await build.ConfigureAwait(false);
        Lint = await lint.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
