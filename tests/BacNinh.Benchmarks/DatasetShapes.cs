using System.Diagnostics;
using System.Globalization;
using BacNinh.Core.Periods;

namespace BacNinh.Benchmarks;

/// <summary>
/// The dataset reads Power BI and scripts make besides OData pages: one month's CSV and the whole
/// TierAggregates.json (and, with <c>others</c>, the same shapes of the other formats, an OData page of a
/// month, ReportDiscrepancies, MissingReports, ComparableObservations and ReportingTimeliness (also as Power BI's
/// incremental refresh asks for a month) and the reference sets Units and UnitLineage). Each is first read by 32 clients at once on a cold host (what the first
/// seconds of load cost, and whether a rebuild stampedes; only the first shape finds the host's code
/// not yet run), then again warm, beside the same bytes as a static file.
/// </summary>
internal static class DatasetShapes
{
    private const int Clients = 32;

    /// <summary>A request slower than this counts as a time-out, as wrk's default counts it.</summary>
    private static readonly TimeSpan TimeOut = TimeSpan.FromSeconds(2);

    public const string Header = "dataset shape, 32 clients                       phase      requests    req/s   p50 ms   p99 ms   max ms  time-outs  host CPU ms      KB";

    /// <summary>
    /// Runs the shapes on the host <paramref name="http"/> serves, whose processor time <paramref name="hostCpu"/> reads
    /// (this process's when null), each cold then warm beside its static file (<see cref="WarmAsync"/>);
    /// <paramref name="label"/> names its data in the output and the static files.
    /// </summary>
    public static async Task RunAsync(HttpClient http, StaticFileServer files, string month, int requests, TextWriter output, string label,
        Func<TimeSpan>? hostCpu = null, bool others = false)
    {
        hostCpu ??= () => Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var (name, path, file) in For(month, label, others))
        {
            await LoadAsync(output, name, "cold", http, path, requests, hostCpu).ConfigureAwait(false);
            await WarmAsync(output, name, http, path, files, file, requests, hostCpu).ConfigureAwait(false);
        }
    }

    /// <summary>Each shape's name, path and the file its static counterpart is served from.</summary>
    public static List<(string Name, string Path, string File)> For(string month, string label, bool others)
    {
        var key = label.Replace(" ", "-", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        List<(string Name, string Path, string File)> shapes =
        [
            ($"CSV of a month, {label}", $"/api/datasets/Observations.csv?period={month}", $"month-{key}.csv"),
            ($"TierAggregates.json, all, {label}", "/api/datasets/TierAggregates.json", $"tiers-{key}.json"),
        ];
        if (others)
        {
            shapes.AddRange(
            [
                ($"JSON of a month, {label}", $"/api/datasets/Observations.json?period={month}", $"month-{key}.json"),
                ($"OData page of a month, {label}", $"/api/odata/Observations?$filter=Period eq '{month}'", $"odata-month-{key}.json"),
                ($"TierAggregates.csv, all, {label}", "/api/datasets/TierAggregates.csv", $"tiers-{key}.csv"),
                ($"ReportDiscrepancies.csv, all, {label}", "/api/datasets/ReportDiscrepancies.csv", $"discrepancies-{key}.csv"),
                ($"ReportDiscrepancies.json, a month, {label}", $"/api/datasets/ReportDiscrepancies.json?period={month}", $"discrepancies-{key}.json"),
                ($"MissingReports.csv, all, {label}", "/api/datasets/MissingReports.csv", $"missing-{key}.csv"),
                ($"ComparableObservations.csv, all, {label}", "/api/datasets/ComparableObservations.csv", $"comparable-{key}.csv"),
                ($"ComparableObservations.json, a month, {label}", $"/api/datasets/ComparableObservations.json?period={month}", $"comparable-{key}.json"),
                ($"ComparableObservations, Power BI's month, {label}", PowerBiMonth("ComparableObservations", month), $"odata-comparable-{key}.json"),
                ($"ReportingTimeliness.csv, all, {label}", "/api/datasets/ReportingTimeliness.csv", $"timeliness-{key}.csv"),
                ($"ReportingTimeliness.json, a month, {label}", $"/api/datasets/ReportingTimeliness.json?period={month}", $"timeliness-{key}.json"),
                ($"ReportingTimeliness, Power BI's month, {label}", PowerBiMonth("ReportingTimeliness", month), $"odata-timeliness-{key}.json"),
                ("Units.csv, the registry", "/api/datasets/Units.csv", "units.csv"),
                ("UnitLineage.json, the reorganizations", "/api/datasets/UnitLineage.json", "lineage.json"),
            ]);
        }

        return shapes;
    }

    /// <summary>
    /// A shape warm, the best of three runs by p99 (the others are the machine's noise, not the host's), then its
    /// bytes as a static file the same way.
    /// </summary>
    public static async Task WarmAsync(TextWriter output, string name, HttpClient http, string path, StaticFileServer files, string file, int requests, Func<TimeSpan> hostCpu)
    {
        ArgumentNullException.ThrowIfNull(files);
        var uri = new Uri(path, UriKind.Relative);
        await File.WriteAllBytesAsync(Path.Combine(files.Files.FullName, file), await http.GetByteArrayAsync(uri).ConfigureAwait(false)).ConfigureAwait(false);
        var self = () => Process.GetCurrentProcess().TotalProcessorTime;
        await PrintAsync(output, name, "warm", await BestOfThreeAsync(http, uri, requests, hostCpu).ConfigureAwait(false)).ConfigureAwait(false);
        await PrintAsync(output, name, "static", await BestOfThreeAsync(files.Http, new Uri("/" + file, UriKind.Relative), requests, self).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static async Task<(ConcurrentGets Gets, double CpuMs)> BestOfThreeAsync(HttpClient http, Uri uri, int requests, Func<TimeSpan> hostCpu)
    {
        (ConcurrentGets Gets, double CpuMs)? best = null;
        for (var run = 0; run < 3; run++)
        {
            var cpu = hostCpu();
            var gets = await ConcurrentGets.RunAsync(http, uri, Clients, requests).ConfigureAwait(false);
            var cpuMs = (hostCpu() - cpu).TotalMilliseconds;
            if (best is null || gets.Percentile(0.99) < best.Value.Gets.Percentile(0.99))
            {
                best = (gets, cpuMs);
            }
        }

        return best!.Value;
    }

    /// <summary>
    /// The OData query of one month's partition of the set's incremental refresh, as the semantic model folds it
    /// (<c>infra/powerbi</c>): the month's range on <c>Period</c> or <c>PeriodStart</c>, and the columns it keeps.
    /// </summary>
    private static string PowerBiMonth(string set, string month)
    {
        var period = Period.Parse(month);
        return set == "ComparableObservations"
            ? Invariant($"/api/odata/ComparableObservations?$filter=Period ge '{period}' and Period lt '{period.Next}'&$select=Period,AsOf,IndicatorCode,UnitCode,UnitName,Tier,Numerator,Denominator,Rate,Basis,PredecessorsExpected,PredecessorsReported,LowestConfidence")
            : Invariant($"/api/odata/ReportingTimeliness?$filter=PeriodStart ge {period.Start:yyyy-MM-dd} and PeriodStart lt {period.Next.Start:yyyy-MM-dd}&$select=Period,PeriodStart,UnitCode,UnitName,Tier,ParentCode,ParentName,Deadline,FirstUploadAt,LastUploadAt,OnTime,DaysLate,Corrections,RowsRejected,Missing,OnTimeShare,UpdatedAt");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One phase: <paramref name="requests"/> GETs of <paramref name="path"/> by 32 clients, printed as a line under <see cref="Header"/>.</summary>
    public static async Task LoadAsync(TextWriter output, string name, string phase, HttpClient http, string path, int requests, Func<TimeSpan> hostCpu)
    {
        var uri = new Uri(path, UriKind.Relative);
        var cpu = hostCpu();
        var gets = await ConcurrentGets.RunAsync(http, uri, Clients, requests).ConfigureAwait(false);
        await PrintAsync(output, name, phase, (gets, (hostCpu() - cpu).TotalMilliseconds)).ConfigureAwait(false);
    }

    private static async Task PrintAsync(TextWriter output, string name, string phase, (ConcurrentGets Gets, double CpuMs) run)
    {
        var (gets, cpuMs) = run;
        var times = gets.SortedMilliseconds;
        var timeOuts = times.Count(t => t > TimeOut.TotalMilliseconds);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name,-47} {phase,-6} {gets.SortedMilliseconds.Count,12} {gets.RequestsPerSecond,8:N0} {gets.Percentile(0.50),8:N1} {gets.Percentile(0.99),8:N1} {times[^1],8:N1} {timeOuts,10} {cpuMs,12:N0} {gets.Bytes / 1024.0,8:N1}")).ConfigureAwait(false);
    }
}
