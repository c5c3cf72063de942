using System.Diagnostics;
using System.Globalization;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Functions.Aggregation;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Benchmarks;

/// <summary>
/// Recomputing one month of 3 indicators for registries of growing size: the month's current
/// values (and the month before, for the changes) loaded straight into Azurite, then the host's
/// own recalculator, and the aggregation alone on values already read.
/// </summary>
internal static class AggregationBenchmark
{
    public static async Task RunAsync(IReadOnlyList<int> sizes, TextWriter output)
    {
        await using var azurite = await AzuriteServer.StartAsync().ConfigureAwait(false);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        await StorageProvisioner.EnsureCreatedAsync(account).ConfigureAwait(false);
        await output.WriteLineAsync("units    phase                      elapsed   µs/unit  peak WS MiB  heap growth MiB  live after GC MiB  allocated MiB  CPU s (this process)  CPU s (Azurite)").ConfigureAwait(false);
        var period = new Period(2024, 2);
        foreach (var size in sizes)
        {
            // A month of its own per size, so no size reads another's rows.
            period = period.Next.Next;
            var csv = BenchData.UnitsCsv(size);
            await account.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReferenceData.UnitsFile)
                .UploadAsync(new BinaryData(csv), overwrite: true).ConfigureAwait(false);
            var registry = ReferenceData.LoadUnits(new MemoryStream(csv));
            var load = Stopwatch.StartNew();
            await BenchData.LoadUnitValuesAsync(account, registry, period.Previous).ConfigureAwait(false);
            await BenchData.LoadUnitValuesAsync(account, registry, period).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"{size,-8} loaded {size * 3 * 2:N0} unit values in {load.Elapsed.TotalSeconds:N1} s")).ConfigureAwait(false);

            // A fresh host per size: its reference data cache reads the new registry.
            await using var host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--AzureWebJobsStorage", azurite.ConnectionString,
                "--Logging:LogLevel:Default", "Warning"]).ConfigureAwait(false);
            var services = host.App.Services;
            var reference = await services.GetRequiredService<ReferenceDataStore>().GetAsync().ConfigureAwait(false);
            var values = services.GetRequiredService<UnitValueStore>();

            var inputs = new List<(Core.Indicators.Indicator Indicator, IReadOnlyList<Core.Ingestion.UnitObservation> Current, IReadOnlyList<Core.Ingestion.UnitObservation> Previous)>();
            var storage = azurite.ProcessorTime;
            var read = MemoryProbe.Start();
            await using (read.ConfigureAwait(false))
            {
                foreach (var indicator in reference.Indicators.Indicators)
                {
                    var keys = indicator.Breakdowns.Select(b => b.Key).ToList();
                    inputs.Add((indicator, await values.ListCurrentAsync(period, indicator.Code, keys).ConfigureAwait(false),
                        await values.ListCurrentAsync(period.Previous, indicator.Code, keys).ConfigureAwait(false)));
                }
            }

            await Print(output, size, "read current values", read, azurite.ProcessorTime - storage).ConfigureAwait(false);
            var aggregate = MemoryProbe.Start();
            await using (aggregate.ConfigureAwait(false))
            {
                var aggregator = new PeriodAggregator(reference);
                foreach (var (indicator, current, previous) in inputs)
                {
                    GC.KeepAlive(aggregator.Aggregate(period, indicator, current, previous));
                }
            }

            await Print(output, size, "aggregate (in memory)", aggregate, TimeSpan.Zero).ConfigureAwait(false);
            inputs.Clear();

            storage = azurite.ProcessorTime;
            var recompute = MemoryProbe.Start();
            await using (recompute.ConfigureAwait(false))
            {
                var (outcome, _) = await services.GetRequiredService<PeriodRecalculator>().RecalculateAsync(period).ConfigureAwait(false);
                if (outcome != RecalculationOutcome.Recomputed)
                {
                    throw new InvalidOperationException($"The recompute of {period} came to {outcome}.");
                }
            }

            await Print(output, size, "recompute (end to end)", recompute, azurite.ProcessorTime - storage).ConfigureAwait(false);
        }
    }

    private static Task Print(TextWriter output, int units, string phase, MemoryProbe probe, TimeSpan storage) =>
        output.WriteLineAsync(Invariant($"{units,-8} {phase,-24} {probe.Elapsed.TotalSeconds,8:N2}s {probe.Elapsed.TotalMicroseconds / (units * 3.0),9:N1} {probe.PeakWorkingSet / 1048576.0,12:N0} {probe.HeapGrowth / 1048576.0,16:N0} {probe.LiveGrowth / 1048576.0,18:N0} {probe.Allocated / 1048576.0,14:N0} {probe.ProcessorTime.TotalSeconds,21:N1} {storage.TotalSeconds,16:N1}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
