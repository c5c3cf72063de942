using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Blobs;

namespace BacNinh.IntegrationTests.Ingestion;

/// <summary>A host that gives up on an upload after two failed attempts.</summary>
public sealed class TwoAttemptsHostFixture : LocalHostFixture
{
    protected override string[] ExtraArguments => ["--IngestionOptions:MaxAttempts", "2"];
}

public sealed class PoisonUploadTests(TwoAttemptsHostFixture host) : IClassFixture<TwoAttemptsHostFixture>
{
    [Fact]
    public async Task UploadThatKeepsFailingForStorageReasonsEndsWithAPoisonReport()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var history = host.Storage.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);
        await history.DeleteAsync(cancellationToken);
        try
        {
            var blobName = "2023-06/so-tc/fails.csv";
            await host.UploadAsync(blobName, Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,10,9\n"), cancellationToken);
            var blob = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(blobName);
            var etag = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
            var versionId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{StorageNames.UploadsContainer}/{blobName}|{etag}")));

            var reports = new UploadReportStore(host.Storage);
            var report = await Eventually.GetAsync(() => reports.GetAsync(versionId, cancellationToken), TimeSpan.FromSeconds(90), cancellationToken);

            Assert.Equal(nameof(UploadStatus.Rejected), report.Status);
            var problem = Assert.Single(report.Problems);
            Assert.Equal(ProblemCodes.ProcessingFailed, problem.Code);
            Assert.Contains("poison", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            await history.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
