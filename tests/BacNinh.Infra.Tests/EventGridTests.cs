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
        Assert.Equal("[format('/blobServices/default/containers/{0}/blobs/', parameters('containerName'))]", subject);
        Assert.Equal("uploads", (string?)infra.EventGrid.Json["parameters"]?["containerName"]?["defaultValue"]);
    }

    [Theory]
    [InlineData("/blobServices/default/containers/uploads/blobs/so-tttt/2023-08/bao-cao.xlsx", true)]
    [InlineData("/blobServices/default/containers/uploads/blobs/so-tttt/bao-cao.xlsx", true)]
    [InlineData("/blobServices/default/containers/upload-reports/blobs/so-tttt/3f2a9c.json", false)]
    [InlineData("/blobServices/default/containers/uploads-old/blobs/so-tttt/x.xlsx", false)]
    public void SubjectFilterMatchesEveryUploadOfTheNewLayoutOnly(string subject, bool delivered)
    {
        var prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, "/blobServices/default/containers/{0}/blobs/", "uploads");
        Assert.Equal("[format('/blobServices/default/containers/{0}/blobs/', parameters('containerName'))]", Subscription.String("properties.filter.subjectBeginsWith"));
        Assert.Equal(delivered, subject.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void UndeliveredEventsAreDeadLetteredWithTheTopicIdentity()
    {
        Assert.Null(Subscription.At("properties.deadLetterDestination"));
        Assert.Equal("SystemAssigned", Subscription.String("properties.deadLetterWithResourceIdentity.identity.type"));
        var destination = Subscription.At("properties.deadLetterWithResourceIdentity.deadLetterDestination")!;
        Assert.Equal("StorageBlob", (string?)destination["endpointType"]);
        Assert.Equal("[reference(resourceId('Microsoft.EventGrid/systemTopics', parameters('systemTopicName')), '2025-02-15').source]", (string?)destination["properties"]?["resourceId"]);
        Assert.Equal("[parameters('deadLetterContainerName')]", (string?)destination["properties"]?["blobContainerName"]);

        // The container the subscription names is the one the main template creates and lets the topic write to.
        var deadLetterContainer = (string?)infra.EventGrid.Json["parameters"]?["deadLetterContainerName"]?["defaultValue"];
        Assert.Equal(deadLetterContainer, (string?)infra.Main.Variable("deadLetterContainerName"));
        Assert.Equal("[variables('deadLetterContainerName')]", (string?)infra.Main.Module("blob-events").At("properties.parameters.deadLetterContainerName.value"));
    }

    [Fact]
    public void DeliveryIsRetriedForADay()
    {
        Assert.Equal(30, Subscription.At("properties.retryPolicy.maxDeliveryAttempts")?.GetValue<int>());
        Assert.Equal(1440, Subscription.At("properties.retryPolicy.eventTimeToLiveInMinutes")?.GetValue<int>());
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
