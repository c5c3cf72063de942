using System.Globalization;
using BacNinh.Core.Uploaders;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Reference;

namespace BacNinh.Core.Tests.Ingestion.Dossiers;

public sealed class DossierExportParserTests
{
    private static readonly ReferenceData Reference = ReferenceData.LoadDefaults();
    private static readonly string[] Units = ["Sở Tư pháp", "Sở TN&MT", "Phường Ninh Xá", "UBND huyện Yên Phong"];
    private static readonly string[] Channels = ["Trực tuyến toàn trình", "Trực tuyến một phần", "Trực tiếp", "Bưu chính công ích", "Trực tuyến"];

    /// <summary>Dossiers spread over units, channels, months and outcomes by a fixed rule, so a test can count them on its own.</summary>
    private static List<ExportRow> Generated(int count)
    {
        var rows = new List<ExportRow>();
        for (var i = 0; i < count; i++)
        {
            var received = new DateTime(2023, 7, 20, 8, 0, 0).AddHours(i * 7 % (24 * 25));
            var due = received.Date.AddDays(5 + (i % 3));
            var resolved = i % 5 == 4 ? (DateTime?)null : received.AddDays(i % 9);
            var unit = Units[i % Units.Length] == "Phường Ninh Xá" ? "Sở Tư pháp" : Units[i % Units.Length];
            rows.Add(new ExportRow($"000.00.{i % 97:D2}.H06-230{i:D6}", unit, received.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                resolved?.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty, Channels[i % Channels.Length], i % 3 == 0 ? "Có" : "Không"));
        }

        return rows;
    }

    private static (DossierExport? Export, DossierTally Tally, List<DossierRecord> Records) Parse(byte[] file, string path = "so-tttt/ho-so.csv")
    {
        var tally = new DossierTally();
        var records = new List<DossierRecord>();
        var export = new DossierExportParser(Reference, TimeProvider.System).TryParse(new MemoryStream(file), UploadPath.Parse(path), r =>
        {
            records.Add(r);
            tally.Add(r);
        });
        return (export, tally, records);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("csv.gz")]
    [InlineData("xlsx")]
    public void RatesEqualCountsMadeFromTheRows(string format)
    {
        var rows = Generated(600);
        var csv = DossierExports.Csv(rows);
        var file = format switch { "csv" => csv, "csv.gz" => DossierExports.Gzip(csv), _ => DossierExports.Xlsx(rows) };

        var (export, tally, _) = Parse(file, $"so-tttt/ho-so.{format}");

        Assert.NotNull(export);
        Assert.Equal(UploadStatus.Accepted, export.Status);
        Assert.Equal(600, export.RowsAccepted);
        var observations = tally.Observations("test");

        // The same figures, counted here from the generated rows.
        var units = Reference.Units.For(new Core.Periods.Period(2023, 8));
        foreach (var group in rows.GroupBy(r => (Unit: units.Match(r.Unit) is Core.Units.UnitMatch.Found f ? f.Unit.Code : "?", Month: r.Received[3..10])))
        {
            var online = group.Count(r => r.Channel.StartsWith("Trực tuyến", StringComparison.Ordinal));
            var full = group.Count(r => r.Channel == "Trực tuyến toàn trình");
            var digitized = group.Count(r => r.Digitized == "Có");
            var period = $"{group.Key.Month[3..]}-{group.Key.Month[..2]}";
            var rate = Assert.Single(observations, o => o.IndicatorCode == DossierTally.OnlineDossiers && o.UnitCode == group.Key.Unit && o.Period.ToString() == period);
            Assert.Equal((online, group.Count()), (rate.Numerator, rate.Denominator));
            Assert.Equal(full, rate.Breakdowns["FullOnline"]);
            Assert.Equal(100m * online / group.Count(), rate.Rate);
            var digitizedRate = Assert.Single(observations, o => o.IndicatorCode == DossierTally.Digitized && o.UnitCode == group.Key.Unit && o.Period.ToString() == period);
            Assert.Equal((digitized, group.Count()), (digitizedRate.Numerator, digitizedRate.Denominator));
        }

        foreach (var group in rows.Where(r => r.Resolved.Length > 0).GroupBy(r => (Unit: units.Match(r.Unit) is Core.Units.UnitMatch.Found f ? f.Unit.Code : "?", Month: r.Resolved[3..10])))
        {
            var onTime = group.Count(r => DateTime.ParseExact(r.Resolved[..10], "dd/MM/yyyy", CultureInfo.InvariantCulture) <= DateTime.ParseExact(r.Due, "dd/MM/yyyy", CultureInfo.InvariantCulture));
            var period = $"{group.Key.Month[3..]}-{group.Key.Month[..2]}";
            var rate = Assert.Single(observations, o => o.IndicatorCode == DossierTally.OnTime && o.UnitCode == group.Key.Unit && o.Period.ToString() == period);
            Assert.Equal((onTime, group.Count()), (rate.Numerator, rate.Denominator));
        }
    }

    [Fact]
    public void EveryRowProblemCodeHasARowThatProducesIt()
    {
        ExportRow[] rows =
        [
            new("HS-1", "Sở Tư pháp", "01/08/2023 08:00", "05/08/2023", "04/08/2023 10:00", "Trực tuyến toàn trình", "Có"),
            new("", "Sở Tư pháp", "01/08/2023", "05/08/2023", "", "Trực tiếp", ""),
            new("hs-1 ", "Sở Tư pháp", "02/08/2023", "05/08/2023", "", "Trực tiếp", ""),
            new("HS-3", "Sở Tư pháp", "32/08/2023", "05/09/2023", "", "Trực tiếp", ""),
            new("HS-4", "Sở Tư pháp", "10/08/2023", "12/08/2023", "09/08/2023", "Trực tiếp", ""),
            new("HS-5", "Sở Tư pháp", "10/08/2023", "09/08/2023", "", "Trực tiếp", ""),
            new("HS-6", "Sở Tư pháp", "10/08/2023", "12/08/2023", "", "Qua Zalo", ""),
            new("HS-7", "Sở Không Có", "10/08/2023", "12/08/2023", "", "Trực tiếp", ""),
            new("HS-8", "Phường Ninh Xá", "10/08/2023", "12/08/2023", "", "Trực tiếp", ""),
            new("HS-9", "Sở Tài chính", "11/08/2023", "14/08/2023", "", "BCCI", "x"),
        ];

        var (export, _, records) = Parse(DossierExports.Csv(rows), "p-stp/2023-08/ho-so.csv");

        Assert.NotNull(export);
        Assert.Equal(UploadStatus.AcceptedWithErrors, export.Status);
        Assert.Equal(["HS-1"], records.Select(r => r.Id));
        Assert.Equal(
            [ProblemCodes.MissingDossierId, ProblemCodes.DuplicateDossier, ProblemCodes.InvalidDate, ProblemCodes.DateOrder, ProblemCodes.DateOrder,
             ProblemCodes.UnknownChannel, ProblemCodes.UnknownUnit, ProblemCodes.AmbiguousUnit, ProblemCodes.UnitNotAllowed],
            export.Problems.Select(p => p.Code));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], export.Problems.Select(p => p.Row!.Value));
        Assert.All(export.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Equal(9, export.RowsRejected);
    }

    [Fact]
    public void DossiersReceivedAfterThisMonthAreRejectedUpToTheLastDayACalendarHas()
    {
        ExportRow[] rows =
        [
            new("HS-1", "Sở Tư pháp", "31/12/9999 23:59:59", "", "", "Trực tiếp", ""),
            new("HS-2", "Sở Tư pháp", "01/01/2100", "", "", "Trực tiếp", ""),
            new("HS-3", "Sở Tư pháp", "31/08/2023 23:59:59", "", "", "Trực tiếp", ""),
            new("HS-4", "Sở Tư pháp", "01/09/2023 00:00:00", "", "", "Trực tiếp", ""),
        ];

        var (export, tally, _) = Parse(DossierExports.Csv(rows), "p-stp/2023-08/ho-so.csv");

        Assert.NotNull(export);
        Assert.Equal([2, 3], export.Problems.Select(p => p.Row!.Value));
        Assert.All(export.Problems, p => Assert.Equal(ProblemCodes.InvalidDate, p.Code));
        Assert.All(export.Problems, p => Assert.Contains("chưa đến", p.Message, StringComparison.Ordinal));
        Assert.Equal(
            [("2023-08", 1L), ("2023-09", 1L)],
            tally.Observations("records").Where(o => o.IndicatorCode == DossierTally.OnlineDossiers).Select(o => (o.Period.ToString(), o.Denominator!.Value)));
    }

    [Fact]
    public void AUnitWorkbookIsNotAnExport()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,420,420\n");

        Assert.Null(Parse(csv, "so-tttt/2023-08/bao-cao.csv").Export);
    }

    [Fact]
    public void WithoutADigitizedColumnThereIsNoDigitizedRate()
    {
        var rows = Generated(50);

        var (export, tally, _) = Parse(DossierExports.Csv(rows, withDigitized: false));

        Assert.False(export!.HasDigitized);
        var observations = tally.Observations("test");
        Assert.DoesNotContain(observations, o => o.IndicatorCode == DossierTally.Digitized);
        Assert.Contains(observations, o => o.IndicatorCode == DossierTally.OnlineDossiers);
    }

    [Fact]
    public void ACompressedExportThatInflatesPastItsLimitIsRejected()
    {
        var csv = DossierExports.Csv(Generated(2_000));
        var parser = new DossierExportParser(Reference, TimeProvider.System);
        var small = DossierLimits.Default with { MaxUncompressedBytes = 10_000 };

        var export = new DossierExportParser(Reference, TimeProvider.System, small).TryParse(new MemoryStream(DossierExports.Gzip(csv)), UploadPath.Parse("so-tttt/ho-so.csv.gz"), _ => { });
        var whole = parser.TryParse(new MemoryStream(DossierExports.Gzip(csv)), UploadPath.Parse("so-tttt/ho-so.csv.gz"), _ => { });

        Assert.Equal(ProblemCodes.FileTooLarge, Assert.Single(export!.Problems).Code);
        Assert.Equal(UploadStatus.Rejected, export.Status);
        Assert.Equal(2_000, whole!.RowsAccepted);
    }

    [Fact]
    public void ACorruptCompressedExportIsACorruptFile()
    {
        var gzip = DossierExports.Gzip(DossierExports.Csv(Generated(200)));
        gzip[gzip.Length / 2] ^= 0xFF;
        gzip[(gzip.Length / 2) + 1] ^= 0xFF;

        var (export, _, _) = Parse(gzip, "so-tttt/ho-so.csv.gz");

        Assert.Equal(UploadStatus.Rejected, export!.Status);
        Assert.Contains(export.Problems, p => p.Code is ProblemCodes.CorruptFile);
    }
}
