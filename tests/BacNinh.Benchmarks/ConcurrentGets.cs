using System.Diagnostics;

namespace BacNinh.Benchmarks;

/// <summary>
/// GETs of one path by several clients at once, each response read whole: the latencies every load phase
/// of the serving benchmarks reports, measured one way.
/// </summary>
internal sealed class ConcurrentGets
{
    private ConcurrentGets(List<double> sortedMilliseconds, TimeSpan elapsed, long bytes)
    {
        SortedMilliseconds = sortedMilliseconds;
        Elapsed = elapsed;
        Bytes = bytes;
    }

    /// <summary>Each request's latency, shortest first.</summary>
    public List<double> SortedMilliseconds { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>The length of the largest response body read.</summary>
    public long Bytes { get; }

    public double RequestsPerSecond => SortedMilliseconds.Count / Elapsed.TotalSeconds;

    public double Percentile(double p) =>
        SortedMilliseconds[Math.Min(SortedMilliseconds.Count - 1, (int)Math.Ceiling(p * SortedMilliseconds.Count) - 1)];

    public static async Task<ConcurrentGets> RunAsync(HttpClient http, Uri uri, int clients, int requests)
    {
        var times = new List<double>(requests);
        var remaining = requests;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(uri).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                lock (times)
                {
                    times.Add(ms);
                    bytes = Math.Max(bytes, body.Length);
                }
            }
        })).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        times.Sort();
        return new ConcurrentGets(times, elapsed, bytes);
    }
}
