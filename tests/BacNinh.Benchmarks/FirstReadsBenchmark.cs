using System.Diagnostics;
using System.Globalization;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;

namespace BacNinh.Benchmarks;

/// <summary>
/// Only the published hosts' first reads of every OData page and of the whole CSV, on one load of the
/// data: each publish in turn (twice, alternately), each a new process with its kept bodies removed
/// first, then each publish's medians over the rounds. An A/B of two builds' processor time a row on the
/// same storage, in minutes.
/// </summary>
internal static class FirstReadsBenchmark
{
    public static async Task RunAsync(int rows, IReadOnlyList<string> publishes, int rounds, TextWriter output)
    {
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=12288");
        await using var azurite = await AzuriteServer.StartAsync(null, [IssuerHost.Account]).ConfigureAwait(false);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        await StorageProvisioner.EnsureCreatedAsync(account).ConfigureAwait(false);
        var units = Math.Min(4_300, Math.Max(1, rows / (3 * 2)));
        var months = Math.Max(1, (int)Math.Round(rows / (3.0 * units)));
        var load = Stopwatch.StartNew();
        await BenchData.LoadObservationsAsync(account, months, units).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"loaded {months * units * 3:N0} Observations in {load.Elapsed.TotalSeconds:N0} s")).ConfigureAwait(false);

        await using var issuerHost = await IssuerHost.StartAsync(azurite).ConfigureAwait(false);
        var issuer = issuerHost.Issuer;
        var reads = publishes.ToDictionary(p => p, _ => new List<FirstRead>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var published in publishes)
            {
                await output.WriteLineAsync($"round {round + 1}: {NameOf(published)}").ConfigureAwait(false);
                reads[published].Add(await ServingBenchmark.PublishedFirstReadsAsync(published, azurite, account, issuer, null, units, output).ConfigureAwait(false));
            }
        }

        // Single runs here move by a fifth with the machine's other work: an A/B reads the medians.
        foreach (var (published, runs) in reads)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{NameOf(published)}, {runs.Count} rounds, median (range) µs a row: OData {Median(runs, r => r.ODataMicroseconds)} ({Range(runs, r => r.ODataMicroseconds)}), " +
                $"without the JIT thread {Median(runs, r => r.ODataWithoutJitMicroseconds)} ({Range(runs, r => r.ODataWithoutJitMicroseconds)}), " +
                $"JIT thread {Median(runs, r => r.ODataJit.TotalSeconds)} s; CSV {Median(runs, r => r.CsvMicroseconds)} ({Range(runs, r => r.CsvMicroseconds)})")).ConfigureAwait(false);
        }
    }

    private static string NameOf(string published) => Path.GetFileName(Path.TrimEndingDirectorySeparator(published));

    private static string Median(List<FirstRead> runs, Func<FirstRead, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return median.ToString("N1", CultureInfo.InvariantCulture);
    }

    private static string Range(List<FirstRead> runs, Func<FirstRead, double> figure) =>
        string.Create(CultureInfo.InvariantCulture, $"{runs.Min(figure):N1}–{runs.Max(figure):N1}");
}
