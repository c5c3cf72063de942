using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed class MonitoringTests(InfraFixture infra)
{
    private IReadOnlyList<ArmResource> Alerts => infra.Main.Resources("Microsoft.Insights/scheduledQueryRules");

    [Fact]
    public void ApplicationInsightsDisablesLocalAuth()
    {
        var component = infra.Main.Single("Microsoft.Insights/components");
        Assert.True(component.Boolean("properties.DisableLocalAuth"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.String("properties.WorkspaceResourceId"), StringComparison.Ordinal);
        Assert.Single(infra.Main.Resources("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void PoisonUploadsRaiseAnAlert()
    {
        var query = Query(Alerts.Single(a => a.Name.Contains("poison-uploads", StringComparison.Ordinal)));
        Assert.Contains("\"poison\"", query, StringComparison.Ordinal);
        Assert.Contains("name == \"IngestUpload\" and success == false", query, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedAggregationRunsRaiseAnAlert()
    {
        var query = Query(Alerts.Single(a => a.Name.Contains("failed-aggregations", StringComparison.Ordinal)));
        Assert.Contains("name in (\"AggregateNightly\", \"AggregateRequestedPeriod\", \"RunAggregation\") and success == false", query, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsQueryApplicationInsightsAndMailTheActionGroup()
    {
        Assert.Equal(2, Alerts.Count);
        Assert.All(Alerts, alert =>
        {
            Assert.Equal("LogAlert", alert.String("kind"));
            Assert.True(alert.Boolean("properties.enabled"));
            Assert.Contains("Microsoft.Insights/components", alert.At("properties.scopes")?[0]?.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("Microsoft.Insights/actionGroups", alert.At("properties.actions.actionGroups")?[0]?.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("GreaterThan", (string?)alert.At("properties.criteria.allOf")?[0]?["operator"]);
        });
        var actionGroup = infra.Main.Single("Microsoft.Insights/actionGroups");
        Assert.Equal("[parameters('alertEmail')]", (string?)actionGroup.At("properties.emailReceivers")?[0]?["emailAddress"]);
    }

    [Fact]
    public void DeadLetteredEventsRaiseAnAlert()
    {
        var alert = infra.Main.Single("Microsoft.Insights/metricAlerts");
        Assert.Contains("dead-lettered-events", alert.Name, StringComparison.Ordinal);
        Assert.True(alert.Boolean("properties.enabled"));
        Assert.Equal("[resourceId('Microsoft.EventGrid/systemTopics', parameters('systemTopicName'))]", alert.At("properties.scopes")?[0]?.GetValue<string>());
        Assert.Equal("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", (string?)alert.At("properties.criteria")?["odata.type"]);
        var criterion = Assert.Single(alert.At("properties.criteria.allOf")!.AsArray())!;
        Assert.Equal("DeadLetteredCount", (string?)criterion["metricName"]);
        Assert.Equal("Microsoft.EventGrid/systemTopics", (string?)criterion["metricNamespace"]);
        Assert.Equal("Total", (string?)criterion["timeAggregation"]);
        Assert.Equal("GreaterThan", (string?)criterion["operator"]);
        Assert.Equal(0, criterion["threshold"]!.GetValue<int>());
        Assert.Contains("Microsoft.Insights/actionGroups", (string?)alert.At("properties.actions")?[0]?["actionGroupId"], StringComparison.Ordinal);
        Assert.Equal("[variables('systemTopicName')]", (string?)infra.Main.Module("alerts").At("properties.parameters.systemTopicName.value"));
    }

    private static string Query(ArmResource alert) =>
        alert.Template.Expand((string?)alert.At("properties.criteria.allOf")?[0]?["query"] ?? string.Empty);
}
