using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Ingestion;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Ingestion;

/// <summary>Uploads through the blob trigger into Table Storage: reports, history, idempotence, hostile files.</summary>
public sealed class IngestionStorageTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    private Task<UploadReport> UploadAndWaitAsync(string blobName, byte[] content, CancellationToken cancellationToken) =>
        host.UploadAndReportAsync(blobName, content, cancellationToken);

    /// <summary>Last-Modified, the upload time without blob versioning, has whole seconds: a correction comes in a later second.</summary>
    private static Task NextSecondAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);

    private List<TableEntity> Rows(string table, string partition) =>
        [.. host.Storage.Tables.GetTableClient(table).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"))];

    [Fact]
    public async Task LatestUploadIsCurrentAndEarlierValuesStayInHistory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await UploadAndWaitAsync("p-sxd/2023-03/v1.csv", Encoding.UTF8.GetBytes(Header + "Sở Xây dựng,100,80\n"), cancellationToken);
        await NextSecondAsync(cancellationToken);
        await UploadAndWaitAsync("p-sxd/2023-03/v2.csv", Encoding.UTF8.GetBytes(Header + "Sở Xây dựng,100,95\n"), cancellationToken);

        var current = Assert.Single(Rows(StorageNames.UnitValuesTable, "2023-03_DOC_SIGNED"), e => e.RowKey == "P-SXD");
        Assert.Equal(95L, current.GetInt64("Numerator"));
        var history = Rows(StorageNames.UnitValueHistoryTable, "2023-03_DOC_SIGNED").Where(e => e.GetString("UnitCode") == "P-SXD").ToList();
        Assert.Equal([95L, 80L], history.Select(e => e.GetInt64("Numerator")!.Value));
    }

    [Fact]
    public async Task SameBytesUnderAnotherNameAreAnotherUploadWithItsOwnReport()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var content = Encoding.UTF8.GetBytes(Header + "Sở Công Thương,300,270\n");
        var first = await UploadAndWaitAsync("p-sct/2023-04/a.csv", content, cancellationToken);
        await NextSecondAsync(cancellationToken);

        // The same file sent again (moved, or after the registry was fixed) is processed again.
        var second = await UploadAndWaitAsync("p-sct/2023-04/a-gui-lai.csv", content, cancellationToken);

        Assert.NotEqual(first.UploadId, second.UploadId);
        Assert.Equal(first.ContentSha256, second.ContentSha256);
        var uploads = Rows(StorageNames.UploadsTable, "2023-04").Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(first.UploadId, uploads);
        Assert.Contains(second.UploadId, uploads);
        var current = Assert.Single(Rows(StorageNames.UnitValuesTable, "2023-04_DOC_SIGNED"), e => e.RowKey == "P-SCT");
        Assert.Equal(second.UploadId, current.GetString("UploadId"));
        Assert.Equal(2, Rows(StorageNames.UnitValueHistoryTable, "2023-04_DOC_SIGNED").Count(e => e.GetString("UnitCode") == "P-SCT"));
    }

    [Fact]
    public async Task ARepeatedDeliveryOfOneVersionChangesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var upload = await host.UploadAsync("p-stp/2023-02/bao-cao.csv", Encoding.UTF8.GetBytes(Header + "Sở Tư pháp,40,36\n"), cancellationToken);
        var first = await host.ReportAsync(upload, cancellationToken);
        var history = Rows(StorageNames.UnitValueHistoryTable, "2023-02_DOC_SIGNED").Count;

        // The same event delivered again, as Event Grid may: the function runs on the same version.
        var blob = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(upload.BlobName);
        await new IngestUpload(host.Ingestor).Run(blob, upload.BlobName, cancellationToken);
        var again = await host.ReportAsync(upload, cancellationToken);

        Assert.Equal(first.ProcessedAt, again.ProcessedAt);
        Assert.Equal(history, Rows(StorageNames.UnitValueHistoryTable, "2023-02_DOC_SIGNED").Count);
        Assert.Single(Rows(StorageNames.UploadsTable, "2023-02"), e => e.GetString("BlobPath") == $"uploads/{upload.BlobName}");
    }

    [Fact]
    public async Task MessyWorkbookGetsAReportWithEachProblemLocatedAndTheBlobIsLeftAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var content = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "MessyWorkbookIsIngestedWithEveryTier.xlsx"), cancellationToken);
        var blob = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient("so-tttt/2023-08/tong-hop.xlsx");

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

        var report = await UploadAndWaitAsync("p-sxd/2023-05/broken.xlsx", content, cancellationToken);

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
        var parsed = new UploadParser(Core.Reference.ReferenceData.LoadDefaults(), TimeProvider.System).Parse(new MemoryStream(workbook), UploadPath.Parse("so-tttt/template.xlsx"));
        Assert.Equal(new Core.Periods.Period(2023, 8), parsed.Period);
        using var unknown = await host.Http.GetAsync("/api/templates/NOPE.xlsx", cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
