using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Uploads;
using BacNinh.Storage.Dossiers;
using BacNinh.Testing;

namespace BacNinh.IntegrationTests.Ingestion.Dossiers;

/// <summary>
/// Exports through the upload API of a host whose workbook limit is 20,000 bytes: an export may be
/// larger (§2b), a workbook may not; a 10⁵-row export goes from the POST to its record figures.
/// </summary>
public sealed class ExportUploadApiTests(UploadApiHostFixture host) : IClassFixture<UploadApiHostFixture>
{
    private static readonly Period Month = new(2022, 3);

    [Fact]
    public async Task AHundredThousandRowExportGoesFromTheUploadApiToItsRecordFigures()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const int rows = 100_000;
        string[] units = [.. ReferenceData.LoadDefaults().Units.For(Month).Units.Select(u => u.Code)];
        using var csv = new MemoryStream();
        LargeDossierExport.WriteCsv(csv, rows, units, Month.Start);
        var file = TestDossier.Gzip(csv.ToArray());
        Assert.True(file.Length > UploadApiHostFixture.MaxUploadBytes);
        using var client = host.Agency("so-tttt");
        var clock = Stopwatch.StartNew();

        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        using var posted = await client.PostAsync($"/api/uploads?fileName=ho-so-thang-3.csv.gz&period={Month}", content, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        // About a minute alone on two busy cores (storage-bound: the emulator's entity-group writes); more beside the whole suite.
        var report = await ReportAsync(client, posted.Headers.Location!.OriginalString, TimeSpan.FromSeconds(300), cancellationToken);
        var elapsed = clock.Elapsed;

        Assert.Equal("Accepted", report.GetProperty("status").GetString());
        Assert.Equal(rows, report.GetProperty("rowsAccepted").GetInt32());
        var expected = ExpectedDossierFigures.Count(Enumerable.Range(0, rows).Select(i => TestDossier.Generated(i, units, Month.Start)));
        var stored = await ExpectedDossierFigures.StoredAsync(new DossierFigureStore(host.Storage), expected.Keys.Select(k => (k.Indicator, k.Period)), cancellationToken);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(), stored.OrderBy(e => e.Key).ToList());
        var line = $"{rows:N0} dossiers ({file.Length / 1024.0:N0} KiB gzip) from POST to report in {elapsed.TotalSeconds:F1} s: {rows / elapsed.TotalSeconds:N0} rows/s.";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dossier-export-figures.txt"), $"{DateTimeOffset.UtcNow:u} {line}{Environment.NewLine}", cancellationToken);
    }

    [Fact]
    public async Task AWorkbookOverTheWorkbookLimitIsAcceptedByTheApiAndRejectedWhenReadAsOne()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = host.Agency(UploadFiles.CommuneFolder);
        var workbook = UploadFiles.DocSignedCsv(UploadFiles.CommuneName).Concat(new byte[UploadApiHostFixture.MaxUploadBytes]).ToArray();

        using var posted = await client.PostAsync($"/api/uploads?fileName=lon.csv&period={UploadFiles.ReportedMonth}", new ByteArrayContent(workbook), cancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var report = await ReportAsync(client, posted.Headers.Location!.OriginalString, TimeSpan.FromSeconds(60), cancellationToken);
        Assert.Equal("Rejected", report.GetProperty("status").GetString());
        Assert.Equal("FILE_TOO_LARGE", report.GetProperty("problems")[0].GetProperty("code").GetString());
    }

    private static async Task<JsonElement> ReportAsync(HttpClient client, string location, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await client.GetAsync(location, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, $"No report at {location} within {timeout.TotalSeconds} s.");
            await Task.Delay(200, cancellationToken);
        }
    }
}
