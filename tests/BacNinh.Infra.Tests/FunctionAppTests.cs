using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed class FunctionAppTests(InfraFixture infra)
{
    private ArmResource Site => infra.Main.Single("Microsoft.Web/sites");

    private ArmResource AppSettings => infra.Main.Resources("Microsoft.Web/sites/config").Single(c => c.Name.Contains("'appsettings'", StringComparison.Ordinal));

    [Fact]
    public void FunctionAppRunsOnFlexConsumption()
    {
        var plan = infra.Main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.String("sku.name"));
        Assert.Equal("FlexConsumption", plan.String("sku.tier"));
        Assert.True(plan.Boolean("properties.reserved"));
        Assert.Equal("functionapp,linux", Site.String("kind"));
    }

    [Fact]
    public void FunctionAppRunsDotnetIsolated10()
    {
        Assert.Equal("dotnet-isolated", Site.String("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Site.String("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void OneInstanceIsKeptReadyForTheHttpFunctions()
    {
        var alwaysReady = Site.String("properties.functionAppConfig.scaleAndConcurrency.alwaysReady") ?? string.Empty;
        Assert.Contains("'http'", alwaysReady, StringComparison.Ordinal);
        Assert.Contains("parameters('alwaysReadyHttpInstances')", alwaysReady, StringComparison.Ordinal);
        Assert.Equal(1, (int?)infra.Main.Json["parameters"]?["alwaysReadyHttpInstances"]?["defaultValue"]);
    }

    [Fact]
    public void DeploymentPackageIsReadWithTheAppIdentity()
    {
        Assert.Equal("blobContainer", Site.String("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", Site.String("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal("[parameters('identityId')]", Site.String("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"));
    }

    [Fact]
    public void FunctionAppRunsAsUserAssignedIdentity()
    {
        Assert.Equal("UserAssigned", Site.String("identity.type"));
        Assert.Single(infra.Main.Resources("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Fact]
    public void FunctionAppAcceptsOnlyHttpsWithTls12()
    {
        Assert.True(Site.Boolean("properties.httpsOnly"));
        Assert.Equal("1.2", Site.String("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", Site.String("properties.siteConfig.scmMinTlsVersion"));
    }

    [Fact]
    public void FtpAndBasicPublishingCredentialsAreOff()
    {
        Assert.Equal("Disabled", Site.String("properties.siteConfig.ftpsState"));
        var policies = infra.Main.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, policies.Count);
        Assert.Contains(policies, p => p.Name.EndsWith("'ftp')]", StringComparison.Ordinal));
        Assert.Contains(policies, p => p.Name.EndsWith("'scm')]", StringComparison.Ordinal));
        Assert.All(policies, p => Assert.False(p.Boolean("properties.allow")));
    }

    [Fact]
    public void AppSettingsUseIdentityBasedStorage()
    {
        Assert.Equal("managedidentity", AppSettings.String("properties.AzureWebJobsStorage__credential"));
        Assert.Equal("[parameters('identityClientId')]", AppSettings.String("properties.AzureWebJobsStorage__clientId"));
        Assert.Contains("primaryEndpoints.blob", AppSettings.String("properties.AzureWebJobsStorage__blobServiceUri"), StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", AppSettings.String("properties.AzureWebJobsStorage__tableServiceUri"), StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", AppSettings.String("properties.AzureWebJobsStorage__queueServiceUri"), StringComparison.Ordinal);
        Assert.Null(AppSettings.At("properties.AzureWebJobsStorage"));
        Assert.DoesNotContain("AccountKey", AppSettings.Properties!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", AppSettings.Properties!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TelemetryIsSentWithEntraAuth()
    {
        Assert.NotNull(AppSettings.String("properties.APPLICATIONINSIGHTS_CONNECTION_STRING"));
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            AppSettings.String("properties.APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
    }

    [Fact]
    public void AppSettingsCarrySchedulesAndAzureAd()
    {
        foreach (var setting in new[] { "AGGREGATION_SCHEDULE", "BULLETIN_SCHEDULE", "RECONCILE_SCHEDULE", "Reconciliation__StalePendingAfter", "AzureAd__Instance", "AzureAd__TenantId", "AzureAd__ClientId", "AzureAd__Audience" })
        {
            Assert.StartsWith("[parameters(", AppSettings.String($"properties.{setting}"), StringComparison.Ordinal);
        }

        var parameters = infra.Main.Json["parameters"]!;
        Assert.Equal("0 0 18 * * *", (string?)parameters["aggregationSchedule"]?["defaultValue"]);
        Assert.Equal("0 0 19 28-31 * *", (string?)parameters["bulletinSchedule"]?["defaultValue"]);
        Assert.Equal("0 */10 * * * *", (string?)parameters["reconcileSchedule"]?["defaultValue"]);
        Assert.Equal("00:02:00", (string?)parameters["reconcileStalePendingAfter"]?["defaultValue"]);
        Assert.Equal("[parameters('reconcileSchedule')]", AppSettings.String("properties.RECONCILE_SCHEDULE"));
        Assert.Equal("[parameters('reconcileStalePendingAfter')]", AppSettings.String("properties.Reconciliation__StalePendingAfter"));
        var apiParameters = infra.Main.Module("api").At("properties.parameters");
        Assert.Equal("[parameters('reconcileSchedule')]", (string?)apiParameters?["reconcileSchedule"]?["value"]);
        Assert.Equal("[parameters('reconcileStalePendingAfter')]", (string?)apiParameters?["reconcileStalePendingAfter"]?["value"]);
        Assert.Equal("[environment().authentication.loginEndpoint]", (string?)parameters["azureAdInstance"]?["defaultValue"]);
        Assert.Equal("[tenant().tenantId]", (string?)parameters["azureAdTenantId"]?["defaultValue"]);
    }

    [Fact]
    public void FunctionAppIsTaggedForAzd()
    {
        Assert.Contains("createObject('azd-service-name', parameters('serviceName'))", Site.String("tags"), StringComparison.Ordinal);
        Assert.Equal("api", (string?)Site.Template.Json["parameters"]?["serviceName"]?["defaultValue"]);
        Assert.Equal("[parameters('environmentName')]", (string?)infra.Main.Variable("tags")?["azd-env-name"]);
    }
}
