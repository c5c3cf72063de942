using System.Globalization;
using BacNinh.Core.Uploaders;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Testing;
using Sylvan.Data.Csv;

namespace BacNinh.Benchmarks;

/// <summary>
/// Dossier exports (§2b) of each size, as CSV and as xlsx: the floor (what only reading the same
/// file costs: the CSV library over every field, or a bare XmlReader over the sheet), then
/// parse-and-validate (the product's export parser with every record counted into the tally),
/// with the peak working set of each phase.
/// </summary>
internal static class DossierBenchmark
{
    private static readonly DateOnly Month = new(2023, 8, 1);

    public static async Task RunAsync(IReadOnlyList<int> sizes, TextWriter output)
    {
        var reference = ReferenceData.LoadDefaults();
        string[] units = [.. reference.Units.For(Period.FromDate(Month)).Units.Select(u => u.Code)];
        await output.WriteLineAsync("rows      format phase              rows/s   elapsed  peak WS MiB  allocated MiB  GC pause ms  CPU s").ConfigureAwait(false);
        foreach (var format in new[] { "csv", "xlsx" })
        {
            // Warm up each path once on a small file, so the measured runs are not the JIT's first tier.
            var warmUp = Write(format, 20_000, units);
            try
            {
                (format == "csv" ? (Action<string>)CsvFloor : XlsxFloor)(warmUp);
                Parse(warmUp, reference, 20_000);
            }
            finally
            {
                File.Delete(warmUp);
            }
        }

        foreach (var rows in sizes)
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                var path = Write(format, rows, units);
                try
                {

                    // Writing a package holds its parts in memory: give that back before measuring.
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    var floor = await MeasureAsync(format == "csv" ? () => CsvFloor(path) : () => XlsxFloor(path)).ConfigureAwait(false);
                    await Print(output, rows, format, "floor", floor).ConfigureAwait(false);
                    var parse = await MeasureAsync(() => Parse(path, reference, rows)).ConfigureAwait(false);
                    await Print(output, rows, format, "parse+validate", parse).ConfigureAwait(false);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"          {format,-6} parse+validate is {floor.Elapsed / parse.Elapsed:P0} of the floor; file {new FileInfo(path).Length / 1048576.0:N1} MiB")).ConfigureAwait(false);
                }
                finally
                {
                    File.Delete(path);
                }
            }
        }
    }

    private static string Write(string format, int rows, string[] units)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bacninh-dossiers-{rows}-{Guid.NewGuid():N}.{format}");
        using var file = File.Create(path);
        if (format == "csv")
        {
            LargeDossierExport.WriteCsv(file, rows, units, Month);
        }
        else
        {
            LargeDossierExport.WriteXlsx(file, rows, units, Month);
        }

        return path;
    }

    private static async Task<MemoryProbe> MeasureAsync(Action run)
    {
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            run();
        }

        return probe;
    }

    private static void CsvFloor(string path)
    {
        using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = false });
        long characters = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.RowFieldCount; i++)
            {
                characters += reader.GetFieldSpan(i).Length;
            }
        }

        GC.KeepAlive(characters);
    }

    private static void XlsxFloor(string path) => GC.KeepAlive(XlsxSheetFloor.Read(path));

    private static void Parse(string path, ReferenceData reference, int rows)
    {
        var tally = new DossierTally();
        using var content = File.OpenRead(path);
        var export = new DossierExportParser(reference, TimeProvider.System).TryParse(content, UploadPath.Parse("so-tttt/" + Path.GetFileName(path)), tally.Add)
            ?? throw new InvalidOperationException("The benchmark export was not recognised.");
        if (export.RowsAccepted != rows)
        {
            throw new InvalidOperationException($"The benchmark export has problems: {export.Problems.FirstOrDefault()}");
        }

        GC.KeepAlive(tally.Observations("bench"));
    }

    private static async Task Print(TextWriter writer, int rows, string format, string phase, MemoryProbe probe) =>
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{rows,-9} {format,-6} {phase,-16} {rows / probe.Elapsed.TotalSeconds,10:N0} {probe.Elapsed.TotalSeconds,7:N2}s {probe.PeakWorkingSet / 1048576.0,10:N0} {probe.Allocated / 1048576.0,14:N0} {probe.GcPause.TotalMilliseconds,12:N0} {probe.ProcessorTime.TotalSeconds,6:N2}")).ConfigureAwait(false);
}
