using System.Net;
using System.Net.Http.Json;
using System.Text;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.LocalHost;

/// <summary>Trying a workbook on the local host with curl alone: upload it, then read its report.</summary>
public sealed class LocalStorageEndpointTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public async Task FilePutUnderUploadsIsIngestedAndItsReportCanBeRead()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var csv = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Nội vụ,200,190\nSở Không Có,10,5\n";

        using var put = await host.Anonymous.PutAsync("/dev-storage/uploads/p-snv/2023-05/thang-5.csv",
            new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), cancellationToken);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var upload = (await put.Content.ReadFromJsonAsync<LocalUpload>(Json, cancellationToken))!;
        var report = await Eventually.GetAsync(async () =>
        {
            using var response = await host.Anonymous.GetAsync(upload.Report, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<UploadReport>(Json, cancellationToken) : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);
        Assert.Equal(upload.UploadId, report.UploadId);
        Assert.Equal("AcceptedWithErrors", report.Status);
        Assert.Equal((2, 1, 1), (report.RowsRead, report.RowsAccepted, report.RowsRejected));
        Assert.Equal((3, "A", "UNKNOWN_UNIT"), (report.Problems[0].Row, report.Problems[0].Column, report.Problems[0].Code));
    }

    [Fact]
    public async Task AnUploadedFileIsNeverReplaced()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var path = "/dev-storage/uploads/p-snv/2023-05/once.csv";
        using var first = await host.Anonymous.PutAsync(path, new StringContent("Tên đơn vị,Tỷ lệ\nSở Nội vụ,90\n"), cancellationToken);

        using var second = await host.Anonymous.PutAsync(path, new StringContent("Tên đơn vị,Tỷ lệ\nSở Nội vụ,10\n"), cancellationToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Tên đơn vị,Tỷ lệ\nSở Nội vụ,90\n", await host.Anonymous.GetStringAsync(path, cancellationToken));
    }

    [Theory]
    [InlineData("/dev-storage/upload-reports/forged.json")]
    [InlineData("/dev-storage/bulletins/2023-08.md")]
    public async Task OnlyUploadsAndReferenceDataCanBeWritten(string path)
    {
        using var response = await host.Anonymous.PutAsync(path, new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
