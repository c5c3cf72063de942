using System.Text;
using System.Text.Json;
using BacNinh.Core.Timeliness;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>Reporting deadlines an administrator uploads to the <c>reference</c> container are the ones timeliness is judged by.</summary>
public sealed class ReplacedDeadlinesTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task AnUploadedDeadlineFileMovesTheMonthsDeadline()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadlines = """
            valid_from,valid_to,day_of_following_month,source
            2020-01-01,,20,Công văn thử nghiệm
            """;
        await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReportingDeadlines.FileName)
            .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(deadlines)), cancellationToken);

        await host.UploadAsync("so-tttt/2023-05/bao-cao.csv", Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,100,98\n"), cancellationToken);

        var rows = await Eventually.GetAsync(async () =>
        {
            var json = await host.Http.GetStringAsync("/api/datasets/ReportingTimeliness.json?period=2023-05", cancellationToken);
            var all = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
            return all.Count > 0 ? all : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);

        // End of 20 June, Vietnam time, instead of the default 5th.
        Assert.All(rows, r => Assert.Equal(new DateTimeOffset(2023, 6, 21, 0, 0, 0, TimeSpan.FromHours(7)), r.GetProperty("Deadline").GetDateTimeOffset()));
    }
}
