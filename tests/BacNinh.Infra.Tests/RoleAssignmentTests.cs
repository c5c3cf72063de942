using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BacNinh.Infra.Tests.Bicep;
using BacNinh.Storage;

namespace BacNinh.Infra.Tests;

public sealed partial class RoleAssignmentTests(InfraFixture infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private const string UploaderRoleId = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', guid(resourceGroup().id, 'bacninh-agency-uploader'))]";
    private const string ReportReaderRoleId = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', guid(resourceGroup().id, 'bacninh-agency-report-reader'))]";
    private const string FolderConditionExpression = "[replace(replace(variables('folderCondition'), '{{container}}', parameters('{0}')), '{{folder}}', variables('checkedAgencies')[copyIndex()].folder)]";

    private const string Uploads = StorageNames.UploadsContainer;
    private const string Reports = StorageNames.ReportsContainer;

    private IReadOnlyList<ArmResource> Assignments => infra.Main.Resources("Microsoft.Authorization/roleAssignments");

    private ArmResource UploadAssignment => Assignments.Single(a => a.String("properties.roleDefinitionId") == UploaderRoleId);

    private ArmResource ReportAssignment => Assignments.Single(a => a.String("properties.roleDefinitionId") == ReportReaderRoleId);

    private ArmResource UploaderRole => RoleDefinition("bacninh-agency-uploader");

    private ArmResource ReportReaderRole => RoleDefinition("bacninh-agency-report-reader");

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    public void AppIdentityGetsEachRoleItNeedsOnce(string roleDefinitionId, string scopeType)
    {
        var assignment = Assert.Single(AppAssignments(), a => Role(a) == roleDefinitionId);
        Assert.Equal("ServicePrincipal", assignment.String("properties.principalType"));
        Assert.Contains($"resourceId('{scopeType}'", assignment.String("scope"), StringComparison.Ordinal);
    }

    [Fact]
    public void AppIdentityGetsNoOtherRole()
    {
        string[] expected = [StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher];
        Assert.Equal(4, AppAssignments().Count);
        Assert.All(AppAssignments(), a => Assert.Contains(Role(a), expected));
    }

    [Fact]
    public void AppIdentityWritesAndLeasesBlobsInEveryContainerIncludingTheLocks()
    {
        // Blob Data Owner on the account: reports, bulletins, and the aggregation-locks container whose
        // blob leases serialise recomputes (acquiring a lease is a blobs/write operation).
        var owner = Assert.Single(AppAssignments(), a => Role(a) == StorageBlobDataOwner);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", owner.String("scope"));
        Assert.Contains(StorageNames.LocksContainer, Strings(infra.Main.Variable("appContainers")));
    }

    [Fact]
    public void EveryRoleAssignmentIsNamedWithGuidOfItsRole()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            Assert.StartsWith("[guid(", a.Name, StringComparison.Ordinal);
            var role = Role(a);
            Assert.Contains(role.Length > 0 ? role : "roleDefinitions', guid(resourceGroup().id, 'bacninh-agency-", a.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void AgencyUploaderRoleHasOnlyReadWriteAndCreateDataActions()
    {
        Assert.Equal("CustomRole", UploaderRole.String("properties.type"));
        var permissions = Assert.Single(UploaderRole.At("properties.permissions")!.AsArray())!;
        Assert.Empty(permissions["actions"]!.AsArray());
        Assert.Empty(permissions["notActions"]!.AsArray());
        var dataActions = DataActions(UploaderRole);
        Assert.Equal([BlobRequest.Read, BlobRequest.Write, BlobRequest.Add], dataActions);
        Assert.DoesNotContain(dataActions, a => a.Contains("delete", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(dataActions, a => a.Contains("move", StringComparison.Ordinal) || a.Contains("permanentDelete", StringComparison.Ordinal));
        Assert.All(dataActions, a => Assert.StartsWith("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/", a, StringComparison.Ordinal));
        Assert.Equal(["[resourceGroup().id]"], Strings(UploaderRole.At("properties.assignableScopes")));
    }

    [Fact]
    public void AgencyReportReaderRoleOnlyReads()
    {
        Assert.Equal("CustomRole", ReportReaderRole.String("properties.type"));
        var permissions = Assert.Single(ReportReaderRole.At("properties.permissions")!.AsArray())!;
        Assert.Empty(permissions["actions"]!.AsArray());
        Assert.Equal([BlobRequest.Read], DataActions(ReportReaderRole));
    }

    [Fact]
    public void AgenciesGetTheUploaderRoleOnUploadsAndTheReaderRoleOnReports()
    {
        Assert.Contains("parameters('containerName')", UploadAssignment.String("scope"), StringComparison.Ordinal);
        Assert.Contains("parameters('reportsContainerName')", ReportAssignment.String("scope"), StringComparison.Ordinal);
        Assert.All([UploadAssignment, ReportAssignment], a =>
        {
            Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers'", a.String("scope"), StringComparison.Ordinal);
            Assert.Equal("[length(variables('checkedAgencies'))]", a.String("copy.count"));
            Assert.Equal("2.0", a.String("properties.conditionVersion"));
        });

        var parameters = infra.Main.Module("agency-access").At("properties.parameters");
        Assert.Equal(Uploads, (string?)infra.Main.Resolve(parameters?["containerName"]?["value"]));
        Assert.Equal(Reports, (string?)infra.Main.Resolve(parameters?["reportsContainerName"]?["value"]));
        Assert.Equal(2, Assignments.Count(a => a.String("properties.conditionVersion") is not null));
    }

    [Fact]
    public void AgencyConditionsStartWithTheAgencyFolderAndNeverUseWildcards()
    {
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, FolderConditionExpression, "containerName"), UploadAssignment.String("properties.condition"));
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, FolderConditionExpression, "reportsContainerName"), ReportAssignment.String("properties.condition"));

        var condition = FolderConditionTemplate();
        Assert.Contains("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '{folder}/'", condition, StringComparison.Ordinal);
        Assert.Contains("@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith '{folder}/'", condition, StringComparison.Ordinal);
        Assert.Contains("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals '{container}'", condition, StringComparison.Ordinal);
        Assert.DoesNotContain("StringLike", condition, StringComparison.Ordinal);
        Assert.DoesNotContain("*", condition, StringComparison.Ordinal);
        List<string> startsWith = [.. StartsWithValue().Matches(condition).Select(m => m.Groups["value"].Value)];
        Assert.Equal(["{folder}/", "{folder}/"], startsWith);
    }

    [Theory]
    [InlineData("so-tttt/2023-08/bao-cao.xlsx", true)]
    [InlineData("so-tttt/bao-cao-khong-ky.xlsx", true)]
    [InlineData("so-tttt-2/2023-08/x.xlsx", false)]
    [InlineData("p-stc/so-tttt/2023-08/x.xlsx", false)]
    [InlineData("2023-08/so-tttt/x.xlsx", false)]
    [InlineData("so-tttt.xlsx", false)]
    [InlineData("SO-TTTT/2023-08/x.xlsx", false)]
    public void AgencyCreatesWritesAndReadsUploadsOnlyUnderItsFolder(string blobPath, bool allowed)
    {
        var condition = Condition(Uploads, "so-tttt");
        var role = DataActions(UploaderRole);
        Assert.Equal(allowed, condition.Allows(role, BlobRequest.CreateBlob(Uploads, blobPath)));
        Assert.Equal(allowed, condition.Allows(role, BlobRequest.WriteBlob(Uploads, blobPath)));
        Assert.Equal(allowed, condition.Allows(role, BlobRequest.ReadBlob(Uploads, blobPath)));
        Assert.False(condition.Allows(role, BlobRequest.DeleteBlob(Uploads, blobPath)));
    }

    [Theory]
    [InlineData("so-tttt/", true)]
    [InlineData("so-tttt/2023-08/", true)]
    [InlineData("so-tttt", false)]
    [InlineData("so-tttt-2/", false)]
    [InlineData("p-stc/so-tttt/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AgencyListsOnlyItsOwnFolder(string? prefix, bool allowed)
    {
        Assert.Equal(allowed, Condition(Uploads, "so-tttt").Allows(DataActions(UploaderRole), BlobRequest.List(Uploads, prefix)));
        Assert.Equal(allowed, Condition(Reports, "so-tttt").Allows(DataActions(ReportReaderRole), BlobRequest.List(Reports, prefix)));
    }

    [Theory]
    [InlineData("so-tttt/3f2a9c.json", true)]
    [InlineData("so-tttt-2/3f2a9c.json", false)]
    [InlineData("p-stc/so-tttt/3f2a9c.json", false)]
    [InlineData("3f2a9c.json", false)]
    public void AgencyReadsOnlyItsOwnReportsAndWritesNone(string reportPath, bool allowed)
    {
        var condition = Condition(Reports, "so-tttt");
        var role = DataActions(ReportReaderRole);
        Assert.Equal(allowed, condition.Allows(role, BlobRequest.ReadBlob(Reports, reportPath)));
        Assert.False(condition.Allows(role, BlobRequest.CreateBlob(Reports, reportPath)));
        Assert.False(condition.Allows(role, BlobRequest.WriteBlob(Reports, reportPath)));
        Assert.False(condition.Allows(role, BlobRequest.DeleteBlob(Reports, reportPath)));
    }

    [Fact]
    public void AConditionForOneContainerAllowsNothingInAnother()
    {
        var uploadCondition = Condition(Uploads, "so-tttt");
        Assert.False(uploadCondition.Allows(DataActions(UploaderRole), BlobRequest.CreateBlob(Reports, "so-tttt/x.json")));
        Assert.False(uploadCondition.Allows(DataActions(UploaderRole), BlobRequest.List(Reports, "so-tttt/")));
    }

    [Fact]
    public void EventGridTopicWritesDeadLettersToItsContainerOnly()
    {
        var assignment = Assert.Single(Assignments, a => a.String("properties.principalId")?.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal) == true);
        Assert.Equal(StorageBlobDataContributor, Role(assignment));
        Assert.Equal("ServicePrincipal", assignment.String("properties.principalType"));
        Assert.Contains(".identity.principalId", assignment.String("properties.principalId"), StringComparison.Ordinal);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))]", assignment.String("scope"));
        Assert.Equal("SystemAssigned", infra.Main.Single("Microsoft.EventGrid/systemTopics").String("identity.type"));
    }

    private List<ArmResource> AppAssignments() =>
        [.. Assignments.Where(a => a.String("properties.principalId")?.Contains("userAssignedIdentities", StringComparison.Ordinal) == true)];

    private ArmResource RoleDefinition(string seed) =>
        infra.Main.Resources("Microsoft.Authorization/roleDefinitions").Single(r => r.Name == $"[guid(resourceGroup().id, '{seed}')]");

    /// <summary>The condition text, with the container and folder written in as ARM's replace() does.</summary>
    private AbacCondition Condition(string container, string folder) =>
        new(FolderConditionTemplate().Replace("{container}", container, StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal));

    private string FolderConditionTemplate() => (string)UploadAssignment.Template.Variable("folderCondition")!;

    private List<string> DataActions(ArmResource role) =>
        Strings(role.Template.Resolve(role.At("properties.permissions")!.AsArray()[0]!["dataActions"]));

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item!.GetValue<string>())] : throw new InvalidOperationException("Not an array.");

    private static string Role(ArmResource assignment) =>
        RoleGuid().Match(assignment.String("properties.roleDefinitionId") ?? string.Empty).Groups["id"].Value;

    [GeneratedRegex(@"subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '(?<id>[0-9a-f-]{36})'\)")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"StringStartsWith '(?<value>[^']*)'")]
    private static partial Regex StartsWithValue();
}
