using System.Text.RegularExpressions;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed partial class RepositoryTests(InfraFixture infra)
{
    [Fact]
    public void NoInfraFileHoldsASecret()
    {
        var files = Directory.EnumerateFiles(infra.InfraDirectory, "*", SearchOption.AllDirectories)
            .Append(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));
        Assert.All(files, file =>
        {
            var text = File.ReadAllText(file);
            Assert.False(Secret().IsMatch(text), $"{Path.GetFileName(file)} looks like it holds a key or connection string.");
        });
    }

    [Fact]
    public void AzdDeploysTheApiAndSubscribesEventGridAfterwards()
    {
        var azureYaml = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));
        Assert.Contains("  api:", azureYaml, StringComparison.Ordinal);
        Assert.Contains("host: function", azureYaml, StringComparison.Ordinal);
        Assert.Contains("postdeploy:", azureYaml, StringComparison.Ordinal);
        Assert.Contains("./infra/scripts/subscribe-eventgrid.sh", azureYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceNamesComeFromAbbreviationsAndAUniqueToken()
    {
        Assert.Contains("uniqueString(subscription().id, parameters('environmentName'), parameters('location'))", (string?)infra.Main.Variable("resourceToken"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(infra.InfraDirectory, "abbreviations.json")));
        Assert.Equal("[variables('$fxv#0')]", (string?)infra.Main.Json["variables"]?["abbrs"]);
    }

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|sig=[A-Za-z0-9%]{20,}|InstrumentationKey=[0-9a-f-]{36}|code=[A-Za-z0-9_\-]{20,}|-----BEGIN", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
