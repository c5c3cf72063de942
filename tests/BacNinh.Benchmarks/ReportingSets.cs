using System.Globalization;
using System.Text;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Aggregation;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Uploads;

namespace BacNinh.Benchmarks;

/// <summary>
/// <c>ComparableObservations</c> and <c>ReportingTimeliness</c> of the <see cref="BenchData"/> months, made as a
/// recomputation makes them: the values arrive through the ingestion's own stores (history, current values and
/// upload reports, from the agencies' folders at their times), then each month's rows come from the production
/// <see cref="ComparableFigures"/> and <see cref="ReportingTimelinessRecorder"/>, written under the month's version.
/// The registry behind them has the bench's units, and a merger after the last month, so the comparable figures
/// pool some predecessors as they do across a real reorganization.
/// </summary>
internal sealed class ReportingSets
{
    /// <summary>The communes merged into a new one after the data's last month, by the new one's code.</summary>
    private static readonly (string Code, int[] Predecessors, string Confidence)[] Mergers =
        [("N000001", [1, 2, 3], "high"), ("N000002", [11, 12], "medium")];

    private readonly StorageAccount _account;
    private readonly int _units;
    private readonly ReferenceData _reference;
    private readonly DateOnly _asOf;

    public ReportingSets(StorageAccount account, int months, int units)
    {
        _account = account;
        _units = units;
        var merged = Period.FromDate(BenchData.FirstMonth.Start.AddMonths(months)).Start;
        var defaults = ReferenceData.LoadDefaults();
        _reference = defaults with
        {
            Units = ReferenceData.LoadUnits(new MemoryStream(RegistryCsv(units, merged))),
            Lineage = new Core.Lineage.UnitLineage(Mergers.SelectMany(m => m.Predecessors.Select(p => new Core.Lineage.LineageEdge(
                merged, null, Code(p), Name(p), m.Code, Name(m.Code), "merged", "bench", m.Confidence)))),
            Territories = [new Core.Lineage.Territory("27", "Tỉnh Thử", BenchData.FirstMonth.Start, null, "bench")],
        };

        // As the recomputation states them: for the structure in force today, from the day it began (the merger).
        _asOf = _reference.StructureSince(DateOnly.FromDateTime(DateTime.UtcNow));
    }

    /// <summary>
    /// Every month's uploads, before any month is computed (a month's on-time share looks back 11 months): per
    /// month the coordinating department's workbook for the province agencies, each district's for its
    /// communes, a late one for the units that missed the deadline and a district's correction; a unit in
    /// twenty never reports, as in <c>MissingReports</c>.
    /// </summary>
    public async Task UploadAsync(IEnumerable<Period> months, CancellationToken cancellationToken)
    {
        var values = new UnitValueStore(_account);
        var reports = new UploadReportStore(_account);
        await Parallel.ForEachAsync(months, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (period, token) =>
        {
            var coordinator = _reference.Uploaders.CoordinatorFor(period)?.Folder ?? throw new InvalidOperationException($"No coordinating department in {period}.");
            var reporting = Enumerable.Range(0, _units).Where(u => u % 20 != 7).ToList();
            bool Late(int u) => u % 8 == 6;
            bool Corrected(int u) => u % 9 == 4 && u < 50 && u % 10 != 0 && !Late(u);

            // The district's first figure of a corrected unit was one too many; its correction is the value served.
            List<(string Folder, string File, int Day, int[] Units, Func<int, int> Less, int Rejected)> uploads =
            [
                (coordinator, "so-lieu-cac-so.xlsx", 2, [.. reporting.Where(u => u % 10 == 0 && !Late(u))], _ => 0, 0),
                .. reporting.Where(u => u % 10 != 0 && !Late(u)).GroupBy(u => u / 50)
                    .Select(d => (FormattableString.Invariant($"d{d.Key:D4}"), "bao-cao.xlsx", 3 + (d.Key % 2), d.ToArray(), (Func<int, int>)(u => Corrected(u) ? -1 : 0), 1 + d.Key)),
                (coordinator, "bo-sung.xlsx", 11, [.. reporting.Where(Late)], _ => 0, 0),
                ("d0000", "bao-cao-sua.xlsx", 15, [.. reporting.Where(Corrected)], _ => 0, 0),
            ];

            foreach (var (folder, file, day, units, less, rejected) in uploads)
            {
                var uploadedAt = new DateTimeOffset(period.Next.Start.AddDays(day - 1).ToDateTime(new TimeOnly(9, 30)), ReportingCalendar.VietnamOffset);
                var version = new UploadVersion(UploadPath.Parse($"{folder}/{period}/{file}"), $"0x{period.Year}{period.Month:D2}{day:D2}", uploadedAt, 20_000, null);
                var observations = BenchData.Indicators.SelectMany(i => units.Select(u => Observation(period, i, u, less(u)))).ToList();
                await values.SaveAsync(version, uploadedAt.AddMinutes(1), observations, token).ConfigureAwait(false);
                await reports.SaveAsync(new UploadReport(version.UploadId, folder, version.BlobPath, period.ToString(), rejected > 0 ? "AcceptedWithErrors" : "Accepted",
                    observations.Count + rejected, observations.Count, rejected, BenchData.Indicators, [], [], uploadedAt.AddMinutes(1))
                {
                    UploadedAt = uploadedAt,
                }, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The month's comparable figures and reporting timeliness under <paramref name="version"/>, before its switch.</summary>
    public async Task WriteAsync(Period period, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken)
    {
        var results = new AggregationStore(_account);
        var comparable = new ComparableFigures(_reference);
        foreach (var code in BenchData.Indicators)
        {
            var indicator = _reference.Indicators.Find(code) ?? throw new InvalidOperationException($"No indicator {code}.");
            var current = Enumerable.Range(0, _units).Where(u => u % 20 != 7).Select(u => Observation(period, code, u, 0)).ToList();
            await results.SaveComparableAsync(comparable.Compute(period, indicator, current, _asOf), updatedAt, version, cancellationToken).ConfigureAwait(false);
        }

        await new ReportingTimelinessRecorder(new TimelinessInputs(_account), new ReportingTimelinessStore(_account))
            .RecordAsync(period, _reference, updatedAt, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A unit's value as <see cref="BenchData"/> serves it, less <paramref name="less"/> done (a figure later corrected).</summary>
    private static UnitObservation Observation(Period period, string indicator, int u, int less)
    {
        var denominator = 100 + (u * 37 % 900);
        var numerator = denominator - (u * 13 % 50) - less;
        var tier = u % 10 == 0 ? Core.Units.Tier.Province : Core.Units.Tier.Commune;
        return new UnitObservation(period, indicator, Code(u), Name(u), tier, tier == Core.Units.Tier.Province ? null : $"D{u / 50:D4}",
            numerator, denominator, Math.Round(100m * numerator / denominator, 10), new Dictionary<string, long>(), "Sheet1", u + 2);
    }

    /// <summary>The bench's units (a tenth province agencies, the rest communes in districts of 50), the merged communes ending the day before <paramref name="merged"/>.</summary>
    private static byte[] RegistryCsv(int units, DateOnly merged)
    {
        var csv = new StringBuilder("code,tier,parent_code,full_name,short_name,aliases,valid_from,valid_to\n");
        var first = BenchData.FirstMonth.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lastDay = merged.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var d = 0; d <= (units - 1) / 50; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"D{d:D4},district,,Huyện Thử {d:D4},Huyện {d:D4},,{first},\n");
        }

        for (var u = 0; u < units; u++)
        {
            var ends = Mergers.Any(m => m.Predecessors.Contains(u)) ? lastDay : string.Empty;
            var (tier, parent) = u % 10 == 0 ? ("province", string.Empty) : ("commune", FormattableString.Invariant($"D{u / 50:D4}"));
            csv.Append(CultureInfo.InvariantCulture, $"{Code(u)},{tier},{parent},{Name(u)},{Code(u)},,{first},{ends}\n");
        }

        foreach (var (code, predecessors, _) in Mergers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{code},commune,D{predecessors[0] / 50:D4},{Name(code)},{code},,{merged:yyyy-MM-dd},\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Code(int u) => $"U{u:D6}";

    private static string Name(int u) => $"Xã Thử {u:D6}";

    private static string Name(string code) => $"Xã Thử {code}";
}
