using System.Globalization;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Ingestion.Sheets;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;
using BacNinh.Storage.Uploads;
using BacNinh.Testing;

namespace BacNinh.Benchmarks;

/// <summary>
/// For each size: the floor (a bare XmlReader pass over the sheet's XML), parse-and-validate
/// (the product's UploadParser, every row matched against the registry), and end to end (parse,
/// then the entity-group writes of current values and history into Azurite). One registry, of as
/// many units as the largest size has rows, serves every size, so the sizes differ in rows only
/// and the working set a phase adds ("WS growth") compares across them.
/// </summary>
internal static class IngestionBenchmark
{
    private const int Repetitions = 3;

    public static async Task RunAsync(IReadOnlyList<int> sizes, bool withStorage, TextWriter output)
    {
        await using var azurite = withStorage ? await AzuriteServer.StartAsync().ConfigureAwait(false) : null;
        StorageAccount? account = null;
        if (azurite is not null)
        {
            account = StorageAccount.FromConnectionString(azurite.ConnectionString);
            await StorageProvisioner.EnsureCreatedAsync(account).ConfigureAwait(false);
        }

        var reference = ReferenceFor(sizes.Max());
        await output.WriteLineAsync("rows     phase              rows/s   elapsed  peak WS MiB  WS growth MiB  heap growth MiB  allocated MiB  GC pause ms  CPU s").ConfigureAwait(false);
        foreach (var rows in sizes)
        {
            var path = Path.Combine(Path.GetTempPath(), $"bacninh-bench-{rows}-{Guid.NewGuid():N}.xlsx");
            try
            {
                using (var file = File.Create(path))
                {
                    LargeWorkbook.Write(file, rows, Name);
                }


                // Warm up the code paths once on a small file so the first size is not all JIT.
                if (rows == sizes[0])
                {
                    await FloorAsync(path).ConfigureAwait(false);
                    await ParseAsync(path, reference).ConfigureAwait(false);
                }

                var floor = await BestOfAsync(() => FloorAsync(path)).ConfigureAwait(false);
                await Print(output, rows, "floor (XmlReader)", floor).ConfigureAwait(false);
                var read = await BestOfAsync(() => ReadRowsAsync(path)).ConfigureAwait(false);
                await Print(output, rows, "read rows (reader)", read).ConfigureAwait(false);
                var parse = await BestOfAsync(async () => (await ParseAsync(path, reference).ConfigureAwait(false)).Probe).ConfigureAwait(false);
                await Print(output, rows, "parse+validate", parse).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"         of the floor: reader {floor.Elapsed / read.Elapsed:P0}, parse+validate {floor.Elapsed / parse.Elapsed:P0}")).ConfigureAwait(false);
                if (account is not null)
                {
                    var storageBefore = azurite!.ProcessorTime;
                    var endToEnd = await EndToEndAsync(path, reference, account, rows).ConfigureAwait(false);
                    var storageBusy = (azurite.ProcessorTime - storageBefore) / endToEnd.Elapsed;
                    await Print(output, rows, "end to end (Azurite)", endToEnd).ConfigureAwait(false);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"         storage: Azurite busy {storageBusy:P0} of one core during end to end")).ConfigureAwait(false);
                }

                await output.WriteLineAsync($"         workbook: {new FileInfo(path).Length / 1024.0:N0} KiB").ConfigureAwait(false);
            }
            finally
            {
                File.Delete(path);
            }
        }

        async Task Print(TextWriter writer, int rows, string phase, MemoryProbe probe) =>
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{rows,-8} {phase,-20} {rows / probe.Elapsed.TotalSeconds,10:N0} {probe.Elapsed.TotalSeconds,7:N2}s {probe.PeakWorkingSet / 1048576.0,10:N0} {probe.WorkingSetGrowth / 1048576.0,14:N0} {probe.HeapGrowth / 1048576.0,15:N0} {probe.Allocated / 1048576.0,14:N0} {probe.GcPause.TotalMilliseconds,12:N0} {probe.ProcessorTime.TotalSeconds,6:N2}")).ConfigureAwait(false);
    }

    /// <summary>The fastest of a few runs, each once the JIT is idle: the machine's noise only ever adds time.</summary>
    private static async Task<MemoryProbe> BestOfAsync(Func<Task<MemoryProbe>> run)
    {
        MemoryProbe? best = null;
        for (var i = 0; i < Repetitions; i++)
        {
            // Hot methods of the last run may still be queued for recompiling: their compile time is not this run's.
            await JitSettle.WaitAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var probe = await run().ConfigureAwait(false);
            best = best is null || probe.Elapsed < best.Elapsed ? probe : best;
        }

        return best!;
    }

    private static string Name(int i) => $"Xã Thử {i:D6}";

    /// <summary>The embedded catalog and targets with a registry of <paramref name="rows"/> communes, one per row of the largest workbook, so every row is valid.</summary>
    private static ReferenceData ReferenceFor(int rows)
    {
        var defaults = ReferenceData.LoadDefaults();
        var district = new Unit("D1", Tier.District, null, "Huyện Thử", "Thử", [], DateOnly.MinValue, null);
        var units = Enumerable.Range(0, rows)
            .Select(i => new Unit($"X{i:D6}", Tier.Commune, "D1", Name(i), string.Empty, [], DateOnly.MinValue, null))
            .Prepend(district);
        var reference = defaults with { Units = new UnitRegistry(units) };
        reference.Units.For(new Core.Periods.Period(2023, 8));
        return reference;
    }

    private static async Task<MemoryProbe> FloorAsync(string path)
    {
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            GC.KeepAlive(XlsxSheetFloor.Read(path));
        }

        return probe;
    }

    /// <summary>The product's xlsx reader alone: every row and cell, no table detection or validation.</summary>
    private static async Task<MemoryProbe> ReadRowsAsync(string path)
    {
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            using var content = File.OpenRead(path);
            using var reader = new XlsxSpreadsheetReader(content);
            var cells = 0;
            while (reader.NextSheet())
            {
                while (reader.ReadRow())
                {
                    cells += reader.CellCount;
                }
            }

            GC.KeepAlive(cells);
        }

        return probe;
    }

    private static async Task<(MemoryProbe Probe, ParsedUpload Parsed)> ParseAsync(string path, ReferenceData reference)
    {
        ParsedUpload parsed;
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            using var content = File.OpenRead(path);
            parsed = new UploadParser(reference, TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/2023-08/rows.xlsx"));
        }

        if (parsed.Problems.Count > 0)
        {
            throw new InvalidOperationException($"The benchmark workbook has problems: {parsed.Problems[0]}");
        }

        return (probe, parsed);
    }

    private static async Task<MemoryProbe> EndToEndAsync(string path, ReferenceData reference, StorageAccount account, int rows)
    {
        var store = new UnitValueStore(account);
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            using var content = File.OpenRead(path);
            var parsed = new UploadParser(reference, TimeProvider.System).Parse(content, UploadPath.Parse("so-tttt/2023-08/rows.xlsx"));
            await store.SaveAsync(new BacNinh.Storage.Uploads.UploadVersion(UploadPath.Parse($"so-tttt/2023-08/bench{rows}.xlsx"), "0x1", DateTimeOffset.UtcNow, new FileInfo(path).Length, null), DateTimeOffset.UtcNow, parsed.Observations).ConfigureAwait(false);
        }

        return probe;
    }
}
