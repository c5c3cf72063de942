using System.Text.Json.Nodes;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

/// <summary>
/// The Functions SDK generates a WorkerExtensions project at every build of the Functions app; its
/// restore must resolve every package at the version asked for, so a first build prints no NU1603.
/// </summary>
public sealed class WorkerExtensionsTests
{
    [Fact]
    public void GeneratedExtensionProjectRestoresEveryPackageExactly()
    {
        // Built before this project (see the project reference): every configuration built so far.
        var objDirectory = Path.Combine(BicepCli.RepositoryRoot, "functions", "BacNinh.Functions", "obj");
        var assetsFiles = Directory.EnumerateFiles(objDirectory, "project.assets.json", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}WorkerExtensions{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(assetsFiles);

        Assert.All(assetsFiles, file =>
        {
            var assets = JsonNode.Parse(File.ReadAllText(file))!;
            var logs = assets["logs"]?.AsArray().Select(l => $"{l!["code"]}: {l["message"]}").ToList() ?? [];
            Assert.True(logs.Count == 0, string.Join(Environment.NewLine, logs));
            var libraries = assets["libraries"]!.AsObject().Select(l => l.Key).ToList();
            Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs/5.3.10", libraries);
            Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues/5.3.10", libraries);
        });
    }
}
