using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BacNinh.Core.Reference;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

/// <summary>
/// An agency's folder is pasted into the ABAC condition of its role assignments, so the templates
/// refuse any folder not of the uploader registry's form (<c>^[a-z0-9-]{2,63}$</c>), and every
/// folder of the registry passes. Both are checked by evaluating <c>app/agency-access.bicep</c>
/// the way a deployment would (<c>bicep snapshot</c>, offline).
/// </summary>
public sealed partial class AgencyFolderTests(InfraFixture infra)
{
    [Fact]
    public async Task BicepRejectsEveryFolderNotOfTheRegistrysForm()
    {
        string[] bad = ["SO-TTTT", "so-tttt' OR 'x' StringEquals 'x", "so tttt", "so/tttt", "so_tttt", "sở-tttt", "-so-tttt-" + new string('.', 2)];
        Assert.All(bad, folder => Assert.DoesNotMatch(FolderForm(), folder));

        var run = await SnapshotAsync(["so-tttt", .. bad]);

        Assert.NotEqual(0, run.ExitCode);
        var message = run.Diagnostics;
        Assert.Contains("Agency folders must match ^[a-z0-9-]{2,63}$", message, StringComparison.Ordinal);
        var refused = message[message.IndexOf("; not: ", StringComparison.Ordinal)..];
        Assert.All(bad, folder => Assert.Contains(folder, refused, StringComparison.Ordinal));
        Assert.DoesNotContain("so-tttt,", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BicepGrantsEveryFolderOfTheUploaderRegistryItsOwnCondition()
    {
        var folders = ReferenceData.LoadDefaults().Uploaders.All.Select(u => u.Folder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.All(folders, folder => Assert.Matches(FolderForm(), folder));

        var run = await SnapshotAsync(folders);

        Assert.True(run.ExitCode == 0, run.Diagnostics);
        var assignments = run.Snapshot!["predictedResources"]!.AsArray()
            .Where(r => (string?)r!["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => (string)r!["properties"]!["condition"]!)
            .ToList();
        Assert.Equal(2 * folders.Count, assignments.Count);
        Assert.All(folders, folder => Assert.Equal(2, assignments.Count(c => c.Contains($"StringStartsWith '{folder}/'", StringComparison.Ordinal))));
    }

    [Fact]
    public void DeployedAgencyListNamesOnlyFoldersOfTheUploaderRegistry()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(infra.InfraDirectory, "main.parameters.json")))!;
        var deployed = parameters["parameters"]!["allowedAgencies"]!["value"]!.AsArray().Select(a => (string)a!["folder"]!).ToList();
        var registry = ReferenceData.LoadDefaults().Uploaders;

        Assert.All(deployed, folder => Assert.True(registry.HasFolder(folder), $"{folder} is not a folder of the uploader registry."));
        Assert.All(deployed, folder => Assert.Matches(FolderForm(), folder));
    }

    /// <summary>Evaluates agency-access.bicep for these folders, as a deployment to a resource group would.</summary>
    private async Task<SnapshotRun> SnapshotAsync(IReadOnlyList<string> folders)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var directory = Path.Combine(infra.OutputDirectory, $"snapshot-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var template = Path.GetRelativePath(directory, Path.Combine(infra.InfraDirectory, "app", "agency-access.bicep")).Replace('\\', '/');
        var text = new StringBuilder($"using '{template}'\nparam storageAccountName = 'stbacninh'\nparam agencies = [\n");
        for (var i = 0; i < folders.Count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {{ principalId: '00000000-0000-0000-0000-{i + 1:D12}', folder: '{folders[i].Replace("'", "\\'", StringComparison.Ordinal)}' }}\n");
        }

        var parameters = Path.Combine(directory, "agencies.bicepparam");
        await File.WriteAllTextAsync(parameters, text.Append("]\n").ToString(), cancellationToken);
        var run = await BicepCli.RunAsync(
            ["snapshot", parameters, "--subscription-id", "00000000-0000-0000-0000-0000000000aa", "--resource-group", "rg-bacninh", "--location", "southeastasia"],
            directory, cancellationToken);
        var snapshot = Path.ChangeExtension(parameters, ".snapshot.json");
        return new SnapshotRun(run.ExitCode, run.Diagnostics, File.Exists(snapshot) ? JsonNode.Parse(await File.ReadAllTextAsync(snapshot, cancellationToken)) : null);
    }

    [GeneratedRegex("^[a-z0-9-]{2,63}$")]
    private static partial Regex FolderForm();

    private sealed record SnapshotRun(int ExitCode, string Diagnostics, JsonNode? Snapshot);
}
