using System.Diagnostics;
using System.Runtime;

namespace BacNinh.Benchmarks;

/// <summary>
/// Waits until the JIT has been idle for a moment: the recompiles that the previous phase's hot methods
/// queued (tiered compilation works through them on a background thread) would otherwise be billed to
/// the next phase's processor time.
/// </summary>
internal static class JitSettle
{
    public static async Task<TimeSpan> WaitAsync(TimeSpan quietFor, TimeSpan atMost)
    {
        var clock = Stopwatch.StartNew();
        var count = JitInfo.GetCompiledMethodCount();
        var quietSince = clock.Elapsed;
        while (clock.Elapsed - quietSince < quietFor && clock.Elapsed < atMost)
        {
            await Task.Delay(100).ConfigureAwait(false);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != count)
            {
                (count, quietSince) = (now, clock.Elapsed);
            }
        }

        return clock.Elapsed;
    }
}
