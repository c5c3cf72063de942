using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Dossiers;
using BacNinh.Testing;

namespace BacNinh.IntegrationTests.Ingestion.Dossiers;

/// <summary>
/// One-stop-shop exports (§2b) through the local host: the blob trigger reads them into dossier
/// records, recounts the months and writes the report; the record figures equal what the test counts
/// itself from the rows it wrote. A dossier counts once, the newest upload's row, whatever order
/// uploads are processed in.
/// </summary>
public sealed class DossierExportIngestionTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    // Each test receives its dossiers in its own odd month of 2023: they are resolved up to the next
    // month, whose ON_TIME figure gathers every month's, so no two tests share a month.

    private DossierFigureStore Figures => new(host.Storage);

    private static string[] UnitsOf(Period period) => [.. ReferenceData.LoadDefaults().Units.For(period).Units.Select(u => u.Code).Take(6)];

    private static IEnumerable<(string Indicator, Period Period)> Months(IEnumerable<(string Indicator, Period Period, string Unit)> keys) =>
        keys.Select(k => (k.Indicator, k.Period));

    [Theory]
    [InlineData("csv", 1)]
    [InlineData("csv.gz", 3)]
    [InlineData("xlsx", 5)]
    public async Task RecordFiguresEqualTheCountsOfTheExportsRows(string format, int month)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2023, month);
        var units = UnitsOf(period);
        const int rows = 3_000;
        byte[] file;
        if (format == "xlsx")
        {
            using var xlsx = new MemoryStream();
            LargeDossierExport.WriteXlsx(xlsx, rows, units, period.Start);
            file = xlsx.ToArray();
        }
        else
        {
            using var csv = new MemoryStream();
            LargeDossierExport.WriteCsv(csv, rows, units, period.Start);
            file = format == "csv" ? csv.ToArray() : TestDossier.Gzip(csv.ToArray());
        }

        var report = await host.UploadAndReportAsync($"so-tttt/{period}/ho-so.{format}", file, cancellationToken);

        Assert.Equal(("Accepted", rows, rows, 0), (report.Status, report.RowsRead, report.RowsAccepted, report.RowsRejected));
        Assert.Equal(["DIGITIZED", "ONLINE_DOSSIERS", "ON_TIME"], report.Indicators);
        Assert.Equal(period.ToString(), report.Period);
        var expected = ExpectedDossierFigures.Count(Enumerable.Range(0, rows).Select(i => TestDossier.Generated(i, units, period.Start)));
        Assert.Contains(expected.Keys, k => k.Indicator == "ON_TIME" && k.Period == period.Next);
        var stored = await ExpectedDossierFigures.StoredAsync(Figures, Months(expected.Keys), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
        Assert.NotNull(await Figures.LastChangedAsync(period.Next, cancellationToken));
    }

    [Fact]
    public async Task BadRowsAreReportedWithTheirCodesAndTheRestCounted()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2023, 7);
        var units = UnitsOf(period);
        var good = Enumerable.Range(0, 40).Select(i => TestDossier.Generated(i, units, period.Start)).ToList();
        var file = TestDossier.Csv(good,
            $"X-1,Thủ tục,{units[0]},31/06/2023,,,Trực tiếp,Có",
            $"X-2,Thủ tục,{units[0]},02/07/2023 08:00:00,10/07/2023,,Qua điện thoại,Có",
            $"{good[0].Id},Thủ tục,{units[1]},03/07/2023 08:00:00,10/07/2023,,Trực tiếp,Có",
            $",Thủ tục,{units[1]},03/07/2023 08:00:00,10/07/2023,,Trực tiếp,Có",
            $"X-3,Thủ tục,{units[1]},09/07/2023 08:00:00,10/07/2023,08/07/2023 08:00:00,Trực tiếp,Có");

        var upload = await host.UploadAsync($"so-tttt/{period}/ho-so-loi.csv", file, cancellationToken);
        await host.ReportAsync(upload, cancellationToken);

        // The report through the upload API, as the agency reads it.
        using var response = await host.Http.GetAsync($"/api/uploads/{upload.UploadId}", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Assert.Equal("AcceptedWithErrors", report.GetProperty("status").GetString());
        Assert.Equal((45, 40, 5), (report.GetProperty("rowsRead").GetInt32(), report.GetProperty("rowsAccepted").GetInt32(), report.GetProperty("rowsRejected").GetInt32()));
        Assert.Equal(["INVALID_DATE", "UNKNOWN_CHANNEL", "DUPLICATE_DOSSIER", "MISSING_DOSSIER_ID", "DATE_ORDER"],
            report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        var expected = ExpectedDossierFigures.Count(good);
        var stored = await ExpectedDossierFigures.StoredAsync(Figures, Months(expected.Keys), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
    }

    [Fact]
    public async Task AReExportChangesOnlyTheDossiersItRepeats()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2023, 9);
        var units = UnitsOf(period);
        var first = Enumerable.Range(0, 300).Select(i => TestDossier.Generated(i, units, period.Start)).ToList();

        // The re-export repeats dossiers 200..299, now online, digitized and resolved late, and adds 300..399.
        var corrected = first.Skip(200).Select(d => d with { Channel = "Trực tuyến toàn trình", Digitized = true, Resolved = d.Due!.Value.AddDays(2).AddHours(9) });
        var second = corrected.Concat(Enumerable.Range(300, 100).Select(i => TestDossier.Generated(i, units, period.Start))).ToList();

        await host.UploadAndReportAsync($"so-tttt/{period}/ho-so.csv", TestDossier.Csv(first), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken); // Last-Modified has whole seconds.
        var report = await host.UploadAndReportAsync($"so-tttt/{period}/ho-so-xuat-lai.csv", TestDossier.Csv(second), cancellationToken);

        Assert.Equal("Accepted", report.Status);
        var current = first.Take(200).Concat(second).ToList();
        var expected = ExpectedDossierFigures.Count(current);
        var stored = await ExpectedDossierFigures.StoredAsync(Figures, Months(expected.Keys.Concat(ExpectedDossierFigures.Count(first).Keys)), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());

        // One row per dossier is left: the first export's rows of the repeated ids were superseded and removed.
        Assert.Equal(400, RecordRows(period).Count);
    }

    [Fact]
    public async Task AnOlderExportProcessedAfterANewerOneDoesNotWin()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var period = new Period(2023, 11);
        var units = UnitsOf(period);
        var older = Enumerable.Range(0, 250).Select(i => TestDossier.Generated(i, units, period.Start)).ToList();
        var newer = older.Skip(100).Select(d => d with { Channel = "Trực tiếp", Digitized = false }).ToList();
        var olderBlob = await host.StageAsync($"{period}/cu.csv", TestDossier.Csv(older), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        var newerBlob = await host.StageAsync($"{period}/moi.csv", TestDossier.Csv(newer), cancellationToken);

        var b = await host.Ingestor.IngestAsync(newerBlob, $"so-tttt/{period}/moi.csv", cancellationToken);
        var a = await host.Ingestor.IngestAsync(olderBlob, $"so-tttt/{period}/cu.csv", cancellationToken);

        Assert.True(a.UploadedAt < b.UploadedAt);
        var expected = ExpectedDossierFigures.Count(older.Take(100).Concat(newer));
        var stored = await ExpectedDossierFigures.StoredAsync(Figures, Months(expected.Keys), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
        Assert.Equal(250, RecordRows(period).Count);
    }

    [Fact]
    public async Task AReExportThatCorrectsAReceivedDateCountsTheDossierInItsNewMonthOnly()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var january = new Period(2024, 1);
        var march = new Period(2024, 3);
        var units = UnitsOf(january);
        var first = Enumerable.Range(0, 100).Select(i => TestDossier.Generated(i, units, january.Start)).ToList();

        // The re-export says dossiers 0..29 were received two months later, and adds 20 of March.
        var moved = first.Take(30).Select(MovedTwoMonths).ToList();
        var second = moved.Concat(Enumerable.Range(100, 20).Select(i => TestDossier.Generated(i, units, march.Start))).ToList();

        await host.UploadAndReportAsync($"so-tttt/{january}/ho-so.csv", TestDossier.Csv(first), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken); // Last-Modified has whole seconds.
        var report = await host.UploadAndReportAsync($"so-tttt/{march}/ho-so-xuat-lai.csv", TestDossier.Csv(second), cancellationToken);

        Assert.Equal(("Accepted", 50), (report.Status, report.RowsAccepted));
        await AssertFiguresCountAsync(first.Skip(30).Concat(second), first.Concat(second), cancellationToken);
    }

    [Fact]
    public async Task AnOlderExportWithTheFormerReceivedDateProcessedLastDoesNotBringTheDossierBack()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var may = new Period(2024, 5);
        var units = UnitsOf(may);
        var older = Enumerable.Range(0, 80).Select(i => TestDossier.Generated(i, units, may.Start)).ToList();
        var newer = older.Take(25).Select(MovedTwoMonths).ToList();
        var olderBlob = await host.StageAsync($"{may}/cu.csv", TestDossier.Csv(older), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        var newerBlob = await host.StageAsync($"{may.Next.Next}/moi.csv", TestDossier.Csv(newer), cancellationToken);

        await host.Ingestor.IngestAsync(newerBlob, $"so-tttt/{may.Next.Next}/moi.csv", cancellationToken);
        await host.Ingestor.IngestAsync(olderBlob, $"so-tttt/{may}/cu.csv", cancellationToken);

        await AssertFiguresCountAsync(older.Skip(25).Concat(newer), older.Concat(newer), cancellationToken);
    }

    private static TestDossier MovedTwoMonths(TestDossier dossier) =>
        dossier with { Received = dossier.Received.AddMonths(2), Due = dossier.Due?.AddMonths(2), Resolved = dossier.Resolved?.AddMonths(2) };

    /// <summary>The record figures of every month <paramref name="everything"/> touches are the counts of <paramref name="current"/>.</summary>
    private async Task AssertFiguresCountAsync(IEnumerable<TestDossier> current, IEnumerable<TestDossier> everything, CancellationToken cancellationToken)
    {
        var expected = ExpectedDossierFigures.Count(current);
        var stored = await ExpectedDossierFigures.StoredAsync(Figures, Months(expected.Keys.Concat(ExpectedDossierFigures.Count(everything).Keys)), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
    }

    private List<TableEntity> RecordRows(Period period)
    {
        var (from, to) = DossierRecordKeys.Month(period);
        return [.. host.Storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["RowKey"])];
    }
}
