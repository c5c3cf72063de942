using System.Diagnostics;
using System.Globalization;
using BacNinh.LocalHost.Storage;
using BacNinh.Storage;

namespace BacNinh.Benchmarks;

/// <summary>
/// Only the first seconds of new instances: each publish in turn (alternately, <c>rounds</c> times) started as
/// a new process on the <see cref="LocalShape"/> data, its kept bodies removed first, then every dataset shape
/// read cold by 32 clients at once, as <see cref="DatasetShapes"/> reads them. Then, on another new process, each
/// shape's first request alone: what one request waits for when nothing queues beside it. An A/B of two
/// builds' cold latencies in a few minutes, where <c>serving</c> takes one sample per run; with <c>--warm</c>, their warm
/// latencies too.
/// </summary>
internal static class ColdShapesBenchmark
{
    /// <param name="warm">Also each shape warm on the first process, after its cold read (the best of three), beside its bytes as a static file.</param>
    /// <param name="only">Only the shapes whose name has this in it, when given.</param>
    public static async Task RunAsync(IReadOnlyList<string> publishes, int rounds, int requests, bool warm, string? only, TextWriter output)
    {
        await using var azurite = await AzuriteServer.StartAsync(null, [LocalShape.Account, IssuerHost.Account]).ConfigureAwait(false);
        var account = StorageAccount.FromConnectionString(azurite.ConnectionStringFor(LocalShape.Account));
        await StorageProvisioner.EnsureCreatedAsync(account).ConfigureAwait(false);
        await LocalShape.LoadAsync(account).ConfigureAwait(false);

        await using var issuerHost = await IssuerHost.StartAsync(azurite).ConfigureAwait(false);
        var issuer = issuerHost.Issuer;
        var shapes = DatasetShapes.For(LocalShape.LastMonth.ToString(), Invariant($"{3 * LocalShape.Units} rows"), others: true)
            .Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        await using var files = await StaticFileServer.StartAsync().ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var published in publishes)
            {
                var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(published));
                await output.WriteLineAsync(Invariant($"round {round + 1}: {name}, 32 clients, {requests} requests a shape")).ConfigureAwait(false);
                await output.WriteLineAsync(DatasetShapes.Header).ConfigureAwait(false);
                await BenchData.RemoveKeptBodiesAsync(account).ConfigureAwait(false);
                await using (var host = await PublishedHost.StartAsync(published, azurite.ConnectionStringFor(LocalShape.Account), issuer).ConfigureAwait(false))
                {
                    foreach (var (shape, path, _) in shapes)
                    {
                        await DatasetShapes.LoadAsync(output, shape, "cold", host.Http, path, requests, () => host.ProcessorTime).ConfigureAwait(false);
                    }

                    if (warm)
                    {
                        foreach (var (shape, path, file) in shapes)
                        {
                            await DatasetShapes.WarmAsync(output, shape, host.Http, path, files, file, requests, () => host.ProcessorTime).ConfigureAwait(false);
                        }
                    }
                }

                await BenchData.RemoveKeptBodiesAsync(account).ConfigureAwait(false);
                await using (var host = await PublishedHost.StartAsync(published, azurite.ConnectionStringFor(LocalShape.Account), issuer).ConfigureAwait(false))
                {
                    var alone = new List<string>();
                    foreach (var (shape, path, _) in shapes)
                    {
                        var clock = Stopwatch.StartNew();
                        using var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                        response.EnsureSuccessStatusCode();
                        var elapsed = clock.Elapsed;
                        var kilobytes = (await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).Length / 1024.0;
                        alone.Add(Invariant($"{shape.TrimEnd(' ', ',')} {elapsed.TotalMilliseconds:N0} ({kilobytes:N1} KB)"));
                    }

                    await output.WriteLineAsync(Invariant($"first request alone, ms (body), in this order on a new process: {string.Join("; ", alone)}")).ConfigureAwait(false);
                }
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
