using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

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
            // The history table is gone, so every attempt fails writing values: the product's fault, not the file's.
            var upload = await host.UploadAsync("p-stc/2023-06/fails.csv", Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,10,9\n"), cancellationToken);

            // The last attempt (the second here; host.json lets the trigger try five times) writes the report itself.
            var report = await host.ReportAsync(upload, cancellationToken, TimeSpan.FromSeconds(90));

            Assert.Equal(nameof(UploadStatus.Rejected), report.Status);
            var problem = Assert.Single(report.Problems);
            Assert.Equal(ProblemCodes.ProcessingFailed, problem.Code);
            Assert.Contains("lỗi của hệ thống, không phải do tệp", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            await history.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
