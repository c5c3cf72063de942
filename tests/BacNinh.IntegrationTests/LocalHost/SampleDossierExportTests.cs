using System.Globalization;
using System.Text;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.IntegrationTests.Aggregation;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost.Sample;
using BacNinh.Storage.Dossiers;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.IntegrationTests.LocalHost;

/// <summary>
/// The main job's dossier export and its summary line: the generated export counted here row by row, uploaded
/// through the upload path, its record figures put in place through <see cref="DossierFigureStore"/>, and the
/// printed line read from the served sets before and after.
/// </summary>
public sealed class SampleDossierExportTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The typed file's first rows: code, name, all received, online.</summary>
    private static List<(string Code, string Name, long Received, long Online)> Typed() =>
        [.. File.ReadLines(SampleDossierExport.TypedFile(SampleMonths.Folder), Encoding.UTF8).Skip(1).Take(SampleDossierExport.Units)
            .Select(l => l.Split(',')).Select(c => (c[0], c[1], long.Parse(c[2], CultureInfo.InvariantCulture), long.Parse(c[3], CultureInfo.InvariantCulture)))];

    /// <summary>The generated export counted independently: per receiving unit, dossiers online and all.</summary>
    private static Dictionary<string, (long Online, long Received)> Count(byte[] export)
    {
        var lines = Encoding.UTF8.GetString(export).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Mã hồ sơ,Đơn vị tiếp nhận,Ngày tiếp nhận,Hạn xử lý,Ngày có kết quả,Hình thức nộp,Số hóa", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Equal(7, DateTime.ParseExact(r[2], "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture).Month));
        return rows.GroupBy(r => r[1], StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => ((long)g.Count(r => r[5].StartsWith("Trực tuyến", StringComparison.Ordinal)), (long)g.Count()),
            StringComparer.Ordinal);
    }

    [Fact]
    public void TheExportHasWhatEachUnitTypedButTheFirstUnitIsOverAPointBelowItsReport()
    {
        var typed = Typed();
        var counted = Count(SampleDossierExport.Generate(SampleDossierExport.Plan(SampleDossierExport.TypedFile(SampleMonths.Folder))));

        Assert.Equal(typed.Select(t => t.Name).Order(StringComparer.Ordinal), counted.Keys.Order(StringComparer.Ordinal));
        Assert.All(typed, t => Assert.Equal(t.Received, counted[t.Name].Received));
        Assert.All(typed.Skip(1), t => Assert.Equal(t.Online, counted[t.Name].Online));
        var first = typed[0];
        Assert.True(100m * first.Online / first.Received - 100m * counted[first.Name].Online / first.Received > 1m);
    }

    [Fact]
    public async Task TheSummaryPrintsTheRecordRateNextToTheTypedOne()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var month = SampleDossierExport.Month;
        var typed = Typed();
        var export = SampleDossierExport.Generate(SampleDossierExport.Plan(SampleDossierExport.TypedFile(SampleMonths.Folder)));
        await host.UploadAndReportAsync($"so-khcn/{month}/online-dossiers-{month}.csv", await File.ReadAllBytesAsync(SampleDossierExport.TypedFile(SampleMonths.Folder), cancellationToken), cancellationToken);
        await host.UploadAndReportAsync($"so-khcn/{month}/{SampleDossierExport.FileName}", export, cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, month.ToString(), cancellationToken);
        var reader = host.Host.App.Services.GetRequiredService<DatasetReader>();
        var (code, name, received, online) = typed[0];
        var typedRate = (100m * online / received).ToString("0.00", Vietnamese);

        // Before any record figure of the month: the typed rate alone, said plainly.
        var records = await new DossierFigureStore(host.Storage).ListCurrentAsync(month, "ONLINE_DOSSIERS", [], cancellationToken);
        if (records.Count == 0)
        {
            var before = await PrintAsync(reader, code, cancellationToken);
            Assert.Contains($"({code}): {typedRate}% ({online}/{received}); no record-based rate apart from it", before, StringComparison.Ordinal);
        }

        // The export read by the system's own parser and counted into record figures, put in place as ingestion of
        // dossier exports writes them; its online counts are the ones counted here row by row.
        var counted = Count(export);
        var tally = new DossierTally();
        var parsed = new DossierExportParser(ReferenceData.LoadDefaults(), TimeProvider.System)
            .TryParse(new MemoryStream(export), UploadPath.Parse($"so-khcn/{month}/{SampleDossierExport.FileName}"), tally.Add);
        Assert.Equal((UploadStatus.Accepted, counted.Values.Sum(c => (int)c.Received)), (parsed!.Status, parsed.RowsAccepted));
        var figures = tally.Observations("records");
        Assert.Equal(
            typed.Select(t => (t.Code, counted[t.Name].Online, counted[t.Name].Received)).Order(),
            figures.Where(f => f.IndicatorCode == "ONLINE_DOSSIERS").Select(f => (f.UnitCode, f.Numerator!.Value, f.Denominator!.Value)).Order());
        await new DossierFigureStore(host.Storage).ReplaceContributionAsync(month, figures, DateTimeOffset.UtcNow.AddSeconds(5), cancellationToken);
        await RecomputeRequests.RecomputeAsync(host.Http, month.ToString(), cancellationToken);

        var after = await PrintAsync(reader, code, cancellationToken);
        var recordRate = (100m * counted[name].Online / received).ToString("0.00", Vietnamese);
        Assert.Contains($"{name} ({code}): record-based {recordRate}% ({counted[name].Online}/{received} dossiers), typed {typedRate}% ({online}/{received}); the record figure is current", after, StringComparison.Ordinal);
    }

    private static async Task<string> PrintAsync(DatasetReader reader, string code, CancellationToken cancellationToken)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        await SampleRecordRates.PrintAsync(reader, SampleDossierExport.Month, code, output, cancellationToken);
        return output.ToString();
    }
}
