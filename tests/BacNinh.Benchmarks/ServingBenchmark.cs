using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using BacNinh.Functions.Auth;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Benchmarks;

/// <summary>
/// Observations loaded straight into Azurite as served computations, the local host started in
/// this process on that storage, then: every OData page and the whole CSV (rows/s, the process's
/// peak memory) against the same bytes served as static files by Kestrel in the same run, a
/// revalidation with If-None-Match, the latency of one Power BI page at 1, 8 and 32 clients, and
/// the <see cref="DatasetShapes"/> (a month's CSV, the whole TierAggregates.json) cold and warm.
/// </summary>
internal static class ServingBenchmark
{
    /// <param name="published">A published local host to start as a new instance; null publishes one first (minutes).</param>
    public static async Task RunAsync(int rows, int requests, bool fullReads, string? published, TextWriter output)
    {
        // Azurite holds every row in memory: give node room for a million of them.
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=12288");
        await using var azurite = await AzuriteServer.StartAsync(null, [LocalShape.Account]).ConfigureAwait(false);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        await StorageProvisioner.EnsureCreatedAsync(account).ConfigureAwait(false);
        var localAccount = StorageAccount.FromConnectionString(azurite.ConnectionStringFor(LocalShape.Account));
        await StorageProvisioner.EnsureCreatedAsync(localAccount).ConfigureAwait(false);
        await LocalShape.LoadAsync(localAccount).ConfigureAwait(false);

        var units = Math.Min(4_300, Math.Max(1, rows / (3 * 2)));
        var months = Math.Max(1, (int)Math.Round(rows / (3.0 * units)));
        var total = months * units * 3;
        var load = Stopwatch.StartNew();
        await BenchData.LoadObservationsAsync(account, months, units).ConfigureAwait(false);
        await output.WriteLineAsync(Invariant($"loaded {total:N0} Observations ({months} months × 3 indicators × {units:N0} units) into Azurite in {load.Elapsed.TotalSeconds:N0} s ({total / load.Elapsed.TotalSeconds:N0} rows/s)")).ConfigureAwait(false);

        // The benchmark's own in-memory Azurite, treated as the host's embedded one (its development issuer signs the token).
        // Room on local disk for a copy of every kept body and page of the set (a million rows: about 1 GB).
        await using var host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--DatasetBodies:LocalCopyMegabytes", "4096"],
            embeddedAccount: azurite.ConnectionString).ConfigureAwait(false);
        await host.App.StartAsync().ConfigureAwait(false);
        var token = host.App.Services.GetRequiredService<DevelopmentIssuer>().CreateToken([AppRoles.DatasetsRead], lifetime: TimeSpan.FromHours(4));
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var files = Directory.CreateTempSubdirectory("bacninh-serving-");
        try
        {
            published = await PublishedHost.PublishAsync(published ?? Path.Combine(files.FullName, "published"), output).ConfigureAwait(false);
            var issuer = host.App.Services.GetRequiredService<DevelopmentIssuer>();
            await output.WriteLineAsync("phase                             rows      rows/s   elapsed   MiB/s  peak WS MiB  heap growth MiB  live after GC MiB  CPU s (this process)  CPU s (Azurite)").ConfigureAwait(false);

            // The same bytes from disk through Kestrel's static files, in this process.
            await using var fileServer = await StaticFileServer.StartAsync(files).ConfigureAwait(false);
            var plain = fileServer.Http;

            // Before anything else reads them, so their first reads are cold.
            var lastMonth = BenchData.FirstMonth;
            for (var i = 1; i < months; i++)
            {
                lastMonth = lastMonth.Next;
            }

            // First, on a host of its own started now (what the first seconds of a real host cost): the shape the
            // issue measured on a local host with 24 months of every unit, then the months of this run's size.
            await output.WriteLineAsync(DatasetShapes.Header).ConfigureAwait(false);
            await LocalShape.RunAsync(published, azurite.ConnectionStringFor(LocalShape.Account), issuer, fileServer, requests, output).ConfigureAwait(false);
            await DatasetShapes.RunAsync(http, fileServer, lastMonth.ToString(), requests, output, Invariant($"{3 * units:N0} rows")).ConfigureAwait(false);

            if (fullReads)
            {
                // Every OData page, as a Power BI refresh without incremental policy reads them: first from
                // the table, then again (a second client, or the next refresh of an unchanged version).
                // The recompiles queued by the shapes' hot methods would otherwise be billed to this first read.
                var settled = await JitSettle.WaitAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                await output.WriteLineAsync(Invariant($"JIT idle after {settled.TotalSeconds:N1} s")).ConfigureAwait(false);
                var storageBefore = azurite.ProcessorTime;
                var (odataRows, odataPages, coldOData, odataBytes) = await ReadODataAsync(http, "/api/odata/Observations", files.FullName, parse: true).ConfigureAwait(false);
                await Print(output, "OData, all pages, first read", odataRows, odataBytes, coldOData, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);
                storageBefore = azurite.ProcessorTime;
                var odataProbe = await BestOfAsync(async () => (await ReadODataAsync(http, "/api/odata/Observations", null, parse: true).ConfigureAwait(false)).Probe).ConfigureAwait(false);
                await Print(output, "OData, all pages, again", odataRows, odataBytes, odataProbe, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);

                // A client that reads each page's bytes as the static client does and only looks for the next
                // link (written before the rows): what paging costs the server, without the client's parsing.
                var odataLean = await BestOfAsync(async () =>
                {
                    var (_, leanPages, probe, leanBytes) = await ReadODataAsync(http, "/api/odata/Observations", null, parse: false).ConfigureAwait(false);
                    return leanPages == odataPages && leanBytes == odataBytes ? probe
                        : throw new InvalidOperationException($"The pages read again differ: {leanPages} pages, {leanBytes} bytes; first read {odataPages}, {odataBytes}.");
                }).ConfigureAwait(false);

                await Print(output, "OData, all pages, again, link only", odataRows, odataBytes, odataLean, TimeSpan.Zero).ConfigureAwait(false);

                var csvPath = Path.Combine(files.FullName, "Observations.csv");
                await JitSettle.WaitAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                storageBefore = azurite.ProcessorTime;
                var (csvRows, coldCsv, csvBytes, etag) = await ReadCsvAsync(http, "/api/datasets/Observations.csv", csvPath).ConfigureAwait(false);
                await Print(output, "CSV, whole set, first read", csvRows, csvBytes, coldCsv, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);

                // The goal of a first read: bounded by storage, not by the host (this process's CPU includes the client's parsing).
                // The JIT's share is paid once per process (the first pages run the feed's code before it is optimised), not per row.
                await output.WriteLineAsync(Invariant($"CPU of this process a row on a first read: OData {coldOData.ProcessorTime.TotalMicroseconds / odataRows:N1} µs ({(coldOData.ProcessorTime - coldOData.JitTime).TotalMicroseconds / odataRows:N1} µs without the {coldOData.JitTime.TotalSeconds:N1} s of JIT), CSV {coldCsv.ProcessorTime.TotalMicroseconds / csvRows:N1} µs ({(coldCsv.ProcessorTime - coldCsv.JitTime).TotalMicroseconds / csvRows:N1} µs without the {coldCsv.JitTime.TotalSeconds:N1} s of JIT)")).ConfigureAwait(false);
                storageBefore = azurite.ProcessorTime;
                var csvProbe = await BestOfAsync(async () => (await ReadCsvAsync(http, "/api/datasets/Observations.csv", null).ConfigureAwait(false)).Probe).ConfigureAwait(false);
                await Print(output, "CSV, whole set, again", csvRows, csvBytes, csvProbe, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);

                long staticPageBytes = 0;
                var staticPages = await BestOfAsync(async () =>
                {
                    var probe = MemoryProbe.Start();
                    staticPageBytes = 0;
                    await using (probe.ConfigureAwait(false))
                    {
                        for (var i = 0; i < odataPages; i++)
                        {
                            staticPageBytes += (await plain.GetByteArrayAsync(new Uri($"/page{i}.json", UriKind.Relative)).ConfigureAwait(false)).Length;
                        }
                    }

                    return probe;
                }).ConfigureAwait(false);

                await Print(output, "same pages as static files", odataRows, staticPageBytes, staticPages, TimeSpan.Zero).ConfigureAwait(false);

                // The client work of the OData reads (parsing each page to find its next link and count its rows) on the static pages too.
                var parsedPages = await BestOfAsync(async () =>
                {
                    var probe = MemoryProbe.Start();
                    await using (probe.ConfigureAwait(false))
                    {
                        for (var i = 0; i < odataPages; i++)
                        {
                            using var json = JsonDocument.Parse(await plain.GetByteArrayAsync(new Uri($"/page{i}.json", UriKind.Relative)).ConfigureAwait(false));
                            _ = json.RootElement.GetProperty("value").GetArrayLength();
                        }
                    }

                    return probe;
                }).ConfigureAwait(false);

                await Print(output, "same pages, static, parsed", odataRows, staticPageBytes, parsedPages, TimeSpan.Zero).ConfigureAwait(false);
                var staticCsvBytes = new FileInfo(csvPath).Length;
                var staticCsv = await BestOfAsync(async () => (await ReadCsvAsync(plain, "/Observations.csv", null).ConfigureAwait(false)).Probe).ConfigureAwait(false);
                await Print(output, "same CSV as a static file", csvRows, staticCsvBytes, staticCsv, TimeSpan.Zero).ConfigureAwait(false);
                await output.WriteLineAsync(Invariant($"host vs static (rows/s): OData first read {staticPages.Elapsed / coldOData.Elapsed:P1}, again {staticPages.Elapsed / odataProbe.Elapsed:P1}, again link only {staticPages.Elapsed / odataLean.Elapsed:P1}; CSV first read {staticCsv.Elapsed / coldCsv.Elapsed:P1}, again {staticCsv.Elapsed / csvProbe.Elapsed:P1}; OData again vs static pages parsed alike {parsedPages.Elapsed / odataProbe.Elapsed:P1}")).ConfigureAwait(false);

                // Revalidation: what a client that already has the set pays.
                if (etag is not null)
                {
                    var revalidate = Stopwatch.StartNew();
                    using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/Observations.csv");
                    conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
                    using var notModified = await http.SendAsync(conditional).ConfigureAwait(false);
                    await output.WriteLineAsync(Invariant($"If-None-Match on the whole CSV: {(int)notModified.StatusCode} in {revalidate.Elapsed.TotalMilliseconds:N0} ms")).ConfigureAwait(false);
                }

                // The latest month recomputed, as the nightly run does after its uploads: what the next reads cost.
                var latest = BenchData.FirstMonth;
                for (var i = 1; i < months; i++)
                {
                    latest = latest.Next;
                }

                var recompute = Stopwatch.StartNew();
                await BenchData.RecomputeMonthAsync(account, latest, units).ConfigureAwait(false);
                await output.WriteLineAsync(Invariant($"recomputed {latest} ({3 * units:N0} rows written under a new version and switched) in {recompute.Elapsed.TotalSeconds:N1} s")).ConfigureAwait(false);

                // Switched by another process: the host serves it once its shared snapshot of the months' pointers is renewed.
                await Task.Delay(ServedSnapshots.StaleFor).ConfigureAwait(false);
                storageBefore = azurite.ProcessorTime;
                var (_, afterRecompute, afterBytes, _) = await ReadCsvAsync(http, "/api/datasets/Observations.csv", null).ConfigureAwait(false);
                await Print(output, "CSV, whole set, month recomputed", csvRows, afterBytes, afterRecompute, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);
                storageBefore = azurite.ProcessorTime;
                var afterAgain = await BestOfAsync(async () => (await ReadCsvAsync(http, "/api/datasets/Observations.csv", null).ConfigureAwait(false)).Probe).ConfigureAwait(false);
                await Print(output, "CSV, whole set, again", csvRows, afterBytes, afterAgain, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);
                var latestMonth = Invariant($"/api/odata/Observations?$filter=PeriodStart ge {latest.Start:yyyy-MM-dd} and PeriodStart lt {latest.Next.Start:yyyy-MM-dd}");
                storageBefore = azurite.ProcessorTime;
                var (monthRows, _, monthProbe, monthBytes) = await ReadODataAsync(http, latestMonth, null, parse: true).ConfigureAwait(false);
                await Print(output, "OData, that month's pages", monthRows, monthBytes, monthProbe, azurite.ProcessorTime - storageBefore).ConfigureAwait(false);
                await PublishedFirstReadsAsync(published, azurite, account, issuer, latest, units, output).ConfigureAwait(false);
            }

            // One Power BI page: the first 1,000 rows of an incremental refresh's month.
            var month = BenchData.FirstMonth.Next;
            var page = Invariant($"/api/odata/Observations?$filter=PeriodStart ge {month.Start:yyyy-MM-dd} and PeriodStart lt {month.Next.Start:yyyy-MM-dd}");
            using (var first = await http.GetAsync(new Uri(page, UriKind.Relative)).ConfigureAwait(false))
            {
                await File.WriteAllBytesAsync(Path.Combine(files.FullName, "one-page.json"), await first.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).ConfigureAwait(false);
            }

            await output.WriteLineAsync("one page (1,000 rows)   clients   requests    req/s   p50 ms   p99 ms").ConfigureAwait(false);
            foreach (var clients in new[] { 1, 8, 32 })
            {
                await Latency(output, "host", http, page, clients, requests).ConfigureAwait(false);
                await Latency(output, "static file", plain, "/one-page.json", clients, requests).ConfigureAwait(false);
            }
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    /// <summary>
    /// First reads on the published host, a process of its own started now, its kept bodies and pages removed
    /// first so that it reads the table: its processor time is the host's alone (no client, nothing compiled by
    /// this process). Then <paramref name="latest"/> recomputed and read again: a first read of new rows by a
    /// host whose code has run, what each month's recomputation costs it from then on.
    /// </summary>
    /// <remarks>Without <paramref name="latest"/>, only the first reads.</remarks>
    /// <returns>The new process's first read of every row.</returns>
    internal static async Task<FirstRead> PublishedFirstReadsAsync(string published, AzuriteServer azurite, StorageAccount account, DevelopmentIssuer issuer,
        Core.Periods.Period? latest, int units, TextWriter output)
    {
        await BenchData.RemoveKeptBodiesAsync(account).ConfigureAwait(false);
        await using var host = await PublishedHost.StartAsync(published, azurite.ConnectionString, issuer).ConfigureAwait(false);
        await output.WriteLineAsync(Invariant($"published host: process {host.ProcessId}")).ConfigureAwait(false);
        await host.WaitIdleAsync().ConfigureAwait(false);
        var first = await FirstReadAsync("new process, every row", "/api/odata/Observations", "/api/datasets/Observations.csv").ConfigureAwait(false);
        if (latest is not { } month)
        {
            return first;
        }

        await BenchData.RecomputeMonthAsync(account, month, units).ConfigureAwait(false);
        await Task.Delay(ServedSnapshots.StaleFor).ConfigureAwait(false);
        await host.WaitIdleAsync().ConfigureAwait(false);
        await FirstReadAsync(Invariant($"{month} recomputed"),
            Invariant($"/api/odata/Observations?$filter=PeriodStart ge {month.Start:yyyy-MM-dd} and PeriodStart lt {month.Next.Start:yyyy-MM-dd}"),
            Invariant($"/api/datasets/Observations.csv?period={month}")).ConfigureAwait(false);

        // What the host's timers and trigger listeners cost it idle, included in the figures above.
        var idleBefore = host.ProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        await output.WriteLineAsync(Invariant($"published host idle: {(host.ProcessorTime - idleBefore).TotalMilliseconds / 3:N0} ms of CPU a second")).ConfigureAwait(false);
        return first;

        async Task<FirstRead> FirstReadAsync(string what, string odataPath, string csvPath)
        {
            using var odataDigest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var csvDigest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var (hostBefore, jitBefore, storageBefore, clock) = (host.ProcessorTime, host.JitThreadTime, azurite.ProcessorTime, Stopwatch.StartNew());
            var (odataRows, _, _, _) = await ReadODataAsync(host.Http, odataPath, null, parse: true, odataDigest).ConfigureAwait(false);
            var (odata, odataJit, odataStorage, odataElapsed) = (host.ProcessorTime - hostBefore, host.JitThreadTime - jitBefore, azurite.ProcessorTime - storageBefore, clock.Elapsed);
            (hostBefore, jitBefore, storageBefore) = (host.ProcessorTime, host.JitThreadTime, azurite.ProcessorTime);
            clock.Restart();
            var (csvRows, _, _, _) = await ReadCsvAsync(host.Http, csvPath, null, csvDigest).ConfigureAwait(false);
            var (csv, csvJit, csvStorage, csvElapsed) = (host.ProcessorTime - hostBefore, host.JitThreadTime - jitBefore, azurite.ProcessorTime - storageBefore, clock.Elapsed);
            await output.WriteLineAsync(Invariant($"published host, first read, {what}: OData {odataRows:N0} rows in {odataElapsed.TotalSeconds:N2} s, host CPU {odata.TotalSeconds:N2} s ({odata.TotalMicroseconds / odataRows:N1} µs a row; {(odata - odataJit).TotalMicroseconds / odataRows:N1} without the JIT thread's {odataJit.TotalSeconds:N2} s), Azurite {odataStorage.TotalSeconds:N2} s; CSV {csvRows:N0} rows in {csvElapsed.TotalSeconds:N2} s, host CPU {csv.TotalSeconds:N2} s ({csv.TotalMicroseconds / csvRows:N1} µs a row; {(csv - csvJit).TotalMicroseconds / csvRows:N1} without the JIT thread's {csvJit.TotalSeconds:N2} s), Azurite {csvStorage.TotalSeconds:N2} s; content SHA-256 OData rows {Convert.ToHexString(odataDigest.GetHashAndReset())[..16]}, CSV {Convert.ToHexString(csvDigest.GetHashAndReset())[..16]}")).ConfigureAwait(false);
            return new FirstRead(odata.TotalMicroseconds / odataRows, (odata - odataJit).TotalMicroseconds / odataRows, odataJit, csv.TotalMicroseconds / csvRows);
        }
    }

    /// <summary>
    /// Follows <c>@odata.nextLink</c> from <paramref name="first"/> to the last page. Parsed, each page is
    /// read whole as JSON (its rows counted); otherwise only up to its next link.
    /// </summary>
    /// <param name="rowsDigest">Where each page's rows (its <c>value</c>, without links that name the host) are hashed, to compare two hosts' content.</param>
    private static async Task<(long Rows, int Pages, MemoryProbe Probe, long Bytes)> ReadODataAsync(HttpClient http, string first, string? directory, bool parse, IncrementalHash? rowsDigest = null)
    {
        long rows = 0, bytes = 0;
        var pages = 0;
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            Uri? next = new(first, UriKind.Relative);
            while (next is not null)
            {
                using var response = await http.GetAsync(next).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (directory is not null)
                {
                    await File.WriteAllBytesAsync(Path.Combine(directory, Invariant($"page{pages}.json")), body).ConfigureAwait(false);
                }
                if (parse)
                {
                    using var json = JsonDocument.Parse(body);
                    rows += json.RootElement.GetProperty("value").GetArrayLength();
                    rowsDigest?.AppendData(System.Text.Encoding.UTF8.GetBytes(json.RootElement.GetProperty("value").GetRawText()));
                    next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!) : null;
                }
                else
                {
                    next = NextLinkBeforeRows(body);
                }

                bytes += body.Length;
                pages++;
            }
        }

        return (rows, pages, probe, bytes);
    }

    /// <summary>The page's next link, read from its top-level properties before <c>value</c>; null when there is none before the rows.</summary>
    private static Uri? NextLinkBeforeRows(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"))
            {
                return null;
            }

            var isNext = reader.ValueTextEquals("@odata.nextLink");
            reader.Read();
            if (isNext)
            {
                return new Uri(reader.GetString()!);
            }

            reader.Skip();
        }

        return null;
    }

    private static async Task<(long Rows, MemoryProbe Probe, long Bytes, string? ETag)> ReadCsvAsync(HttpClient http, string path, string? saveTo, IncrementalHash? digest = null)
    {
        long lines = 0, bytes = 0;
        string? etag;
        var probe = MemoryProbe.Start();
        await using (probe.ConfigureAwait(false))
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            etag = response.Headers.ETag?.ToString();
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            await using var file = saveTo is null ? Stream.Null : File.Create(saveTo);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                bytes += read;
                digest?.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
        }

        return (lines - 1, probe, bytes, etag);
    }

    private static async Task Latency(TextWriter output, string what, HttpClient http, string path, int clients, int requests)
    {
        var uri = new Uri(path, UriKind.Relative);
        using (await http.GetAsync(uri).ConfigureAwait(false))
        {
            // Warm.
        }

        var gets = await ConcurrentGets.RunAsync(http, uri, clients, requests).ConfigureAwait(false);
        await output.WriteLineAsync(Invariant($"{what,-23} {clients,7} {requests,10} {gets.RequestsPerSecond,8:N0} {gets.Percentile(0.50),8:N1} {gets.Percentile(0.99),8:N1}")).ConfigureAwait(false);
    }

    /// <summary>The fastest of three runs of a warm phase: the first run of a path also pays for its code being compiled.</summary>
    private static async Task<MemoryProbe> BestOfAsync(Func<Task<MemoryProbe>> run)
    {
        MemoryProbe? best = null;
        for (var i = 0; i < 3; i++)
        {
            var probe = await run().ConfigureAwait(false);
            if (best is null || probe.Elapsed < best.Elapsed)
            {
                best = probe;
            }
        }

        return best!;
    }

    private static Task Print(TextWriter output, string phase, long rows, long bytes, MemoryProbe probe, TimeSpan storage) =>
        output.WriteLineAsync(Invariant($"{phase,-31} {rows,9:N0} {rows / probe.Elapsed.TotalSeconds,11:N0} {probe.Elapsed.TotalSeconds,8:N2}s {bytes / 1048576.0 / probe.Elapsed.TotalSeconds,7:N1} {probe.PeakWorkingSet / 1048576.0,12:N0} {probe.HeapGrowth / 1048576.0,16:N0} {probe.LiveGrowth / 1048576.0,18:N0} {probe.ProcessorTime.TotalSeconds,21:N1} {storage.TotalSeconds,16:N1}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
