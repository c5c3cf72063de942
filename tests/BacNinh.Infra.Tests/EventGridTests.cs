using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed class EventGridTests(InfraFixture infra)
{
    private ArmResource Subscription => infra.EventGrid.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    [Fact]
    public void SystemTopicPublishesTheStorageAccountEvents()
    {
        var topic = infra.Main.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.String("properties.topicType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", topic.String("properties.source"), StringComparison.Ordinal);
    }

    [Fact]
    public void SubscriptionDeliversOnlyBlobCreatedInUploads()
    {
        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(Subscription.At("properties.filter.includedEventTypes")));
        var subject = Subscription.String("properties.filter.subjectBeginsWith");
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", subject);
        Assert.Equal("uploads", (string?)infra.EventGrid.Json["parameters"]?["containerName"]?["defaultValue"]);
    }

    [Fact]
    public void SubscriptionFiresOncePerUpload()
    {
        var filter = Assert.Single(Subscription.At("properties.filter.advancedFilters")!.AsArray())!;
        Assert.Equal("StringIn", (string?)filter["operatorType"]);
        Assert.Equal("data.api", (string?)filter["key"]);
        Assert.Equal(["PutBlob", "PutBlockList", "CopyBlob", "FlushWithClose"], Strings(filter["values"]));
    }

    [Fact]
    public void SubscriptionCallsTheBlobsExtensionWebhookOfIngestUpload()
    {
        Assert.Equal("WebHook", Subscription.String("properties.destination.endpointType"));
        var endpoint = Subscription.String("properties.destination.properties.endpointUrl");
        Assert.Contains("'https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'", endpoint, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", endpoint, StringComparison.Ordinal);
        Assert.Equal("IngestUpload", (string?)infra.EventGrid.Json["parameters"]?["functionName"]?["defaultValue"]);
        Assert.Equal("securestring", (string?)infra.EventGrid.Json["parameters"]?["blobsExtensionKey"]?["type"]);
    }

    [Fact]
    public void SubscriptionScriptFetchesTheBlobsExtensionKeyThenDeploysTheTemplate()
    {
        var script = File.ReadAllText(Path.Combine(infra.InfraDirectory, "scripts", "subscribe-eventgrid.sh"));
        Assert.Contains("az functionapp keys list", script, StringComparison.Ordinal);
        Assert.Contains("systemKeys.blobs_extension", script, StringComparison.Ordinal);
        Assert.Contains("eventgrid.bicep", script, StringComparison.Ordinal);
    }

    private static List<string> Strings(System.Text.Json.Nodes.JsonNode? node) => [.. node!.AsArray().Select(item => item!.GetValue<string>())];
}
