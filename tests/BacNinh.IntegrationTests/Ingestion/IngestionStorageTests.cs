using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Blobs;

namespace BacNinh.IntegrationTests.Ingestion;

/// <summary>Uploads through the blob trigger into Table Storage: reports, history, idempotence, hostile files.</summary>
public sealed class IngestionStorageTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    private static string IdOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task<UploadReport> UploadAndWaitAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        await host.UploadAsync(blobName, content, cancellationToken);
        var reports = new UploadReportStore(host.Storage);
        return await Eventually.GetAsync(() => reports.GetAsync(IdOf(content), cancellationToken), TimeSpan.FromSeconds(60), cancellationToken);
    }

    private List<TableEntity> Rows(string table, string partition) =>
        [.. host.Storage.Tables.GetTableClient(table).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"))];

    [Fact]
    public async Task LatestUploadIsCurrentAndEarlierValuesStayInHistory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await UploadAndWaitAsync("2023-03/so-xd/v1.csv", Encoding.UTF8.GetBytes(Header + "Sở Xây dựng,100,80\n"), cancellationToken);
        await UploadAndWaitAsync("2023-03/so-xd/v2.csv", Encoding.UTF8.GetBytes(Header + "Sở Xây dựng,100,95\n"), cancellationToken);

        var current = Assert.Single(Rows(StorageNames.UnitValuesTable, "2023-03_DOC_SIGNED"), e => e.RowKey == "P-SXD");
        Assert.Equal(95L, current.GetInt64("Numerator"));
        var history = Rows(StorageNames.UnitValueHistoryTable, "2023-03_DOC_SIGNED").Where(e => e.GetString("UnitCode") == "P-SXD").ToList();
        Assert.Equal([95L, 80L], history.Select(e => e.GetInt64("Numerator")!.Value));
    }

    [Fact]
    public async Task SameContentUploadedTwiceChangesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var content = Encoding.UTF8.GetBytes(Header + "Sở Công Thương,300,270\n");
        var first = await UploadAndWaitAsync("2023-04/so-ct/a.csv", content, cancellationToken);
        var historyBefore = Rows(StorageNames.UnitValueHistoryTable, "2023-04_DOC_SIGNED").Count;

        await host.UploadAsync("2023-04/so-ct/a-copy.csv", content, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);

        var again = await new UploadReportStore(host.Storage).GetAsync(IdOf(content), cancellationToken);
        Assert.Equal(first.ProcessedAt, again!.ProcessedAt);
        Assert.Equal(historyBefore, Rows(StorageNames.UnitValueHistoryTable, "2023-04_DOC_SIGNED").Count);
        Assert.Single(Rows(StorageNames.UploadsTable, "2023-04"));
    }

    [Fact]
    public async Task MessyWorkbookGetsAReportWithEachProblemLocatedAndTheBlobIsLeftAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var content = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "MessyWorkbookIsIngestedWithEveryTier.xlsx"), cancellationToken);
        var blob = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient("2023-08/so-tttt/tong-hop.xlsx");

        var report = await UploadAndWaitAsync(blob.Name, content, cancellationToken);

        Assert.Equal(nameof(UploadStatus.AcceptedWithErrors), report.Status);
        Assert.Equal((14, 13, 1), (report.RowsRead, report.RowsAccepted, report.RowsRejected));
        Assert.Equal(["Hướng dẫn"], report.SkippedSheets);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(("Ký số", 21, "B", ProblemCodes.DuplicateUnit), (problem.Sheet, problem.Row, problem.Column, problem.Code));
        Assert.Equal(["DOC_SIGNED", "ONLINE_DOSSIERS"], report.Indicators);

        var row = Assert.Single(Rows(StorageNames.UploadsTable, "2023-08"), e => e.RowKey == report.UploadId);
        Assert.Equal(("AcceptedWithErrors", 13), (row.GetString("Status"), row.GetInt32("RowsAccepted")!.Value));
        Assert.Equal(content, (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray());
        Assert.Equal(10, Rows(StorageNames.UnitValuesTable, "2023-08_DOC_SIGNED").Count(e => e.GetString("UploadId") == report.UploadId));
    }

    [Fact]
    public async Task CorruptWorkbookGetsARejectedReport()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var content = Encoding.UTF8.GetBytes("PK\u0003\u0004 this is not really a workbook");

        var report = await UploadAndWaitAsync("2023-05/x/broken.xlsx", content, cancellationToken);

        Assert.Equal(nameof(UploadStatus.Rejected), report.Status);
        Assert.Equal(ProblemCodes.CorruptFile, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task TemplateIsServedAsAWorkbookThatIngestsBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        using var response = await host.Http.GetAsync("/api/templates/DOC_SIGNED.xlsx?period=2023-08", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var workbook = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var parsed = new UploadParser(Core.Reference.ReferenceData.LoadDefaults(), TimeProvider.System).Parse(new MemoryStream(workbook), "template.xlsx");
        Assert.Equal(new Core.Periods.Period(2023, 8), parsed.Period);
        using var unknown = await host.Http.GetAsync("/api/templates/NOPE.xlsx", cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
