using System.Net;
using System.Text.Json;

namespace BacNinh.IntegrationTests.Seed;

/// <summary>
/// <c>ReportingTimeliness</c> computed with the sample months' aggregation and served like every set. The
/// sample workbooks are uploaded now, years after the 2023 deadlines, by the coordinating department: each
/// unit whose values they carry counts as reporting, late; the others are missing.
/// </summary>
public sealed class ReportingTimelinessServedTests(SeedMonthsFixture seed) : IClassFixture<SeedMonthsFixture>
{
    [Fact]
    public async Task EveryExpectedUnitHasARowAndTheSampleUploadsAreLate()
    {
        var rows = await seed.RowsAsync("ReportingTimeliness", "period=2023-08");
        var observed = (await seed.RowsAsync("Observations", "period=2023-08")).Select(o => o.GetProperty("UnitCode").GetString()).ToHashSet(StringComparer.Ordinal);

        // 22 provincial agencies, 8 districts and 126 communes in the registry of August 2023.
        Assert.Equal(156, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("UnitCode").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Equal(new DateTimeOffset(2023, 9, 6, 0, 0, 0, TimeSpan.FromHours(7)), r.GetProperty("Deadline").GetDateTimeOffset()));
        foreach (var row in rows)
        {
            var reported = observed.Contains(row.GetProperty("UnitCode").GetString());
            Assert.Equal(!reported, row.GetProperty("Missing").GetBoolean());
            Assert.False(row.GetProperty("OnTime").GetBoolean());
            if (reported)
            {
                Assert.True(row.GetProperty("DaysLate").GetInt32() > 365);
                Assert.True(row.GetProperty("FirstUploadAt").GetDateTimeOffset() <= row.GetProperty("LastUploadAt").GetDateTimeOffset());
                Assert.Equal(0m, row.GetProperty("OnTimeShare").GetDecimal());
            }
        }
    }

    [Fact]
    public async Task TheODataFeedServesTheSetAndTheBulletinNamesTheLatestUnits()
    {
        using var response = await seed.Host.Http.GetAsync("/api/odata/ReportingTimeliness?$filter=Period eq '2023-08' and Tier eq 'district'", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(8, feed.GetProperty("value").GetArrayLength());

        Assert.Contains("## TÌNH HÌNH GỬI BÁO CÁO", seed.Bulletin, StringComparison.Ordinal);
        Assert.Contains("Hạn gửi báo cáo tháng 8/2023: hết ngày 05/09/2023.", seed.Bulletin, StringComparison.Ordinal);
        Assert.Contains("Gửi muộn nhất: ", seed.Bulletin, StringComparison.Ordinal);
    }
}
