using System.Text.Json.Nodes;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

/// <summary>The API app registration is a Graph manifest applied by scripts/register-api.sh: the Bicep Microsoft Graph
/// extension must be restored from a registry, which the build machines cannot reach.</summary>
public sealed class EntraRegistrationTests(InfraFixture infra)
{
    private const string PowerBi = "871c010f-5e61-4fb1-83ac-98610a7e9110";
    private const string PowerQueryForExcel = "a672d62c-fc7b-4e81-a576-e60dc46e951d";

    private JsonNode Manifest => Load("api-app.json");

    private JsonNode PreAuthorized => Load("api-preauthorized.json");

    [Theory]
    [InlineData("Datasets.Read")]
    [InlineData("Aggregations.Run")]
    [InlineData("Uploads.Write")]
    public void AppRoleIsGrantableToUsersAndApplications(string role)
    {
        var appRole = Assert.Single(Manifest["appRoles"]!.AsArray(), r => (string?)r!["value"] == role)!;
        Assert.Equal(["User", "Application"], appRole["allowedMemberTypes"]!.AsArray().Select(m => (string?)m));
        Assert.True((bool?)appRole["isEnabled"]);
        Assert.True(Guid.TryParse((string?)appRole["id"], out _));
    }

    [Fact]
    public void ApiExposesUserImpersonationAndIssuesV2Tokens()
    {
        var scope = Assert.Single(Manifest["api"]!["oauth2PermissionScopes"]!.AsArray())!;
        Assert.Equal("user_impersonation", (string?)scope["value"]);
        Assert.Equal("User", (string?)scope["type"]);
        Assert.Equal(2, (int?)Manifest["api"]!["requestedAccessTokenVersion"]);
    }

    [Theory]
    [InlineData(PowerBi)]
    [InlineData(PowerQueryForExcel)]
    public void ClientIsPreAuthorizedForUserImpersonation(string clientId)
    {
        var scopeId = (string?)Manifest["api"]!["oauth2PermissionScopes"]![0]!["id"];
        var client = Assert.Single(PreAuthorized["api"]!["preAuthorizedApplications"]!.AsArray(), a => (string?)a!["appId"] == clientId)!;
        Assert.Equal([scopeId], client["delegatedPermissionIds"]!.AsArray().Select(id => (string?)id));
    }

    [Fact]
    public void PreAuthorizationPatchRepeatsTheSameApiDefinition()
    {
        Assert.True(JsonNode.DeepEquals(Manifest["api"]!["oauth2PermissionScopes"], PreAuthorized["api"]!["oauth2PermissionScopes"]));
        Assert.True(JsonNode.DeepEquals(Manifest["api"]!["requestedAccessTokenVersion"], PreAuthorized["api"]!["requestedAccessTokenVersion"]));
    }

    [Fact]
    public void IdentifierUrisServeAppsAndPowerBi()
    {
        Assert.Equal(["api://{appId}", "https://{apiHost}"], Manifest["identifierUris"]!.AsArray().Select(u => (string?)u));
        var script = File.ReadAllText(Path.Combine(infra.InfraDirectory, "scripts", "register-api.sh"));
        Assert.Contains("entra/api-app.json", script, StringComparison.Ordinal);
        Assert.Contains("entra/api-preauthorized.json", script, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadPageSignsInAsASinglePageAppWithTheAppsGroupsInTheToken()
    {
        Assert.Equal(["https://{apiHost}/"], Manifest["spa"]!["redirectUris"]!.AsArray().Select(u => (string?)u));
        Assert.Equal("ApplicationGroup", (string?)Manifest["groupMembershipClaims"]);
    }

    private JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(infra.InfraDirectory, "entra", file)))!;
}
