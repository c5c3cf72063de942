using System.Text.RegularExpressions;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

public sealed partial class RoleAssignmentTests(InfraFixture infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private IReadOnlyList<ArmResource> Assignments => infra.Main.Resources("Microsoft.Authorization/roleAssignments");

    private ArmResource AgencyAssignment => Assignments.Single(a => a.String("properties.conditionVersion") is not null);

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    public void AppIdentityGetsEachRoleItNeedsOnce(string roleDefinitionId, string scopeType)
    {
        var assignment = Assert.Single(Assignments, a => Role(a) == roleDefinitionId);
        Assert.Equal("ServicePrincipal", assignment.String("properties.principalType"));
        Assert.Contains($"resourceId('{scopeType}'", assignment.String("scope"), StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", assignment.String("properties.principalId"), StringComparison.Ordinal);
    }

    [Fact]
    public void AppIdentityGetsNoOtherRole()
    {
        string[] expected = [StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, StorageBlobDataContributor];
        Assert.All(Assignments, a => Assert.Contains(Role(a), expected));
    }

    [Fact]
    public void EveryRoleAssignmentIsNamedWithGuid()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            Assert.StartsWith("[guid(", a.Name, StringComparison.Ordinal);
            Assert.Contains(Role(a), a.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void AgenciesGetBlobDataContributorOnTheUploadsContainerOnly()
    {
        Assert.Equal(StorageBlobDataContributor, Role(AgencyAssignment));
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers", AgencyAssignment.String("scope"), StringComparison.Ordinal);
        Assert.Contains("parameters('containerName')", AgencyAssignment.String("scope"), StringComparison.Ordinal);
        Assert.Equal("uploads", (string?)infra.Main.Resolve(infra.Main.Module("agency-access").At("properties.parameters.containerName.value")));
        Assert.Equal("[length(parameters('agencies'))]", AgencyAssignment.String("copy.count"));
    }

    [Fact]
    public void AgencyConditionLimitsWritesToTheAgencyFolder()
    {
        Assert.Equal("2.0", AgencyAssignment.String("properties.conditionVersion"));
        var condition = AgencyAssignment.Template.Expand(AgencyAssignment.String("properties.condition")!);
        Assert.Contains("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '*/{prefix}/*'", condition, StringComparison.Ordinal);
        Assert.Contains("parameters('agencies')[copyIndex()].prefix", condition, StringComparison.Ordinal);
        foreach (var action in new[] { "write", "add/action", "delete", "move/action" })
        {
            Assert.Contains($"!(ActionMatches{{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/{action}'}})", condition, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2023-08/so-tttt/bao-cao.xlsx", true)]
    [InlineData("2025-07/so-tttt/nested/bao-cao.csv", true)]
    [InlineData("2023-08/so-nv/bao-cao.xlsx", false)]
    [InlineData("2023-08/so-tttt-2/bao-cao.xlsx", false)]
    [InlineData("so-tttt.xlsx", false)]
    public void AgencyConditionMatchesOnlyPathsUnderTheAgencyFolder(string blobPath, bool allowed)
    {
        var condition = AgencyAssignment.Template.Expand(AgencyAssignment.String("properties.condition")!);
        var pattern = StringLikePattern().Match(condition).Groups["pattern"].Value.Replace("{prefix}", "so-tttt", StringComparison.Ordinal);
        var regex = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$";
        Assert.Equal(allowed, Regex.IsMatch(blobPath, regex));
    }

    private static string Role(ArmResource assignment) =>
        RoleGuid().Match(assignment.String("properties.roleDefinitionId") ?? string.Empty).Groups["id"].Value;

    [GeneratedRegex(@"subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '(?<id>[0-9a-f-]{36})'\)")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"StringLike '(?<pattern>[^']+)'")]
    private static partial Regex StringLikePattern();
}
