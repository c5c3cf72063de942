using System.Text.Json.Nodes;
using BacNinh.Infra.Tests.Bicep;
using BacNinh.Storage;

namespace BacNinh.Infra.Tests;

public sealed class StorageAccountTests(InfraFixture infra)
{
    private ArmResource Account => infra.Main.Single("Microsoft.Storage/storageAccounts");

    private ArmResource BlobService => infra.Main.Single("Microsoft.Storage/storageAccounts/blobServices");

    [Fact]
    public void StorageAccountDisallowsSharedKeyAccess()
    {
        Assert.False(Account.Boolean("properties.allowSharedKeyAccess"));
        Assert.True(Account.Boolean("properties.defaultToOAuthAuthentication"));
    }

    [Fact]
    public void StorageAccountDisallowsPublicBlobAccess()
    {
        Assert.False(Account.Boolean("properties.allowBlobPublicAccess"));
        Assert.All(infra.Main.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", container.String("properties.publicAccess")));
    }

    [Fact]
    public void StorageAccountAcceptsOnlyHttpsWithTls12()
    {
        Assert.Equal("TLS1_2", Account.String("properties.minimumTlsVersion"));
        Assert.True(Account.Boolean("properties.supportsHttpsTrafficOnly"));
    }

    [Fact]
    public void BlobVersioningAndSoftDeleteKeepAgencyFiles()
    {
        Assert.True(BlobService.Boolean("properties.isVersioningEnabled"));
        Assert.True(BlobService.Boolean("properties.deleteRetentionPolicy.enabled"));
        Assert.False(BlobService.Boolean("properties.deleteRetentionPolicy.allowPermanentDelete"));
        Assert.True(BlobService.Boolean("properties.containerDeleteRetentionPolicy.enabled"));
        Assert.True(BlobService.Boolean("properties.changeFeed.enabled"));
    }

    [Fact]
    public void StorageAccountIsLockedAgainstDeletionByDefault()
    {
        var storageModule = infra.Template("core/storage/storage-account.bicep");
        Assert.Equal("CanNotDelete", storageModule.Single("Microsoft.Authorization/locks").String("properties.level"));
        Assert.True(storageModule.Json["parameters"]?["protectFromDeletion"]?["defaultValue"]?.GetValue<bool>());
        Assert.True(infra.Main.Json["parameters"]?["protectStorageAccount"]?["defaultValue"]?.GetValue<bool>());
    }

    [Fact]
    public void OnlyWhatTheAppRewritesExpires()
    {
        var policy = infra.Main.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        Assert.Equal("[parameters('lifecycleRules')]", policy.String("properties.policy.rules"));
        var rules = infra.Main.Resolve(infra.Main.Module("storage").At("properties.parameters.lifecycleRules.value"))!.AsArray();

        // Every rule is confined to the kept bodies and the dossier id summaries: agencies' files and their versions never expire.
        var prefixes = rules.SelectMany(r => r!["definition"]!["filters"]!["prefixMatch"]!.AsArray()).Select(p => (string)p!).ToList();
        Assert.All(prefixes, p => Assert.True(p.StartsWith(StorageNames.DatasetBodiesContainer + "/", StringComparison.Ordinal)
            || p.StartsWith(StorageNames.DossierIdsContainer + "/", StringComparison.Ordinal), p));
        Assert.DoesNotContain(rules, r => r!["definition"]!["actions"]!["baseBlob"] is not null
            && !((string)r["definition"]!["filters"]!["prefixMatch"]![0]!).StartsWith(StorageNames.DatasetBodiesContainer + "/odata-pages/", StringComparison.Ordinal));
        Assert.Contains(rules, r => r!["definition"]!["actions"]!["version"]?["delete"]?["daysAfterCreationGreaterThan"] is not null);
    }

    [Fact]
    public void TemplatesCreateTheContainersTablesAndQueueTheAppUses()
    {
        Assert.Equal(StorageNames.Containers.Order(), Strings(infra.Main.Variable("appContainers")).Order());
        Assert.Equal(StorageNames.Tables.Order(), Strings(infra.Main.Variable("appTables")).Order());
        Assert.Equal([StorageNames.AggregationQueue], Strings(infra.Main.Variable("appQueues")));

        var parameters = infra.Main.Module("storage").At("properties.parameters");
        Assert.Contains("variables('appContainers')", (string?)parameters?["containers"]?["value"], StringComparison.Ordinal);
        Assert.Contains("variables('deploymentContainerName')", (string?)parameters?["containers"]?["value"], StringComparison.Ordinal);
        Assert.Contains("variables('deadLetterContainerName')", (string?)parameters?["containers"]?["value"], StringComparison.Ordinal);
        Assert.Equal("[variables('appTables')]", (string?)parameters?["tables"]?["value"]);
        Assert.Equal("[variables('appQueues')]", (string?)parameters?["queues"]?["value"]);
    }

    [Fact]
    public void TemplatesCreateTheLocksAndDeadLetterContainers()
    {
        Assert.Contains("aggregation-locks", Strings(infra.Main.Variable("appContainers")));
        Assert.Equal(StorageNames.LocksContainer, "aggregation-locks");
        Assert.Equal("eventgrid-deadletter", (string?)infra.Main.Variable("deadLetterContainerName"));
        Assert.DoesNotContain("eventgrid-deadletter", StorageNames.Containers);
        var containers = infra.Template("core/storage/storage-account.bicep").Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("[length(parameters('containers'))]", containers.String("copy.count"));
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item!.GetValue<string>())] : throw new InvalidOperationException("Not an array.");
}
