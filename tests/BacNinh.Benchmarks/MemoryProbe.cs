using System.Diagnostics;
using System.Runtime;

namespace BacNinh.Benchmarks;

/// <summary>Samples the working set and the managed heap while a phase runs, and its allocations.</summary>
internal sealed class MemoryProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    private readonly TimeSpan _pausedBefore = GC.GetTotalPauseDuration();
    private readonly TimeSpan _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _jitBefore = JitInfo.GetCompilationTime();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _gcIndexBefore = GC.GetGCMemoryInfo().Index;
    private long _peakAfterGc;
    private long _peakLive;

    /// <summary>Set by --live: every half second the probe forces a full collection and records what survives (slows the phase).</summary>
    public static bool FullCollections { get; set; }

    private MemoryProbe()
    {
        BaselineHeap = GC.GetTotalMemory(false);
        StartWorkingSet = Environment.WorkingSet;
        _sampler = Task.Run(async () =>
        {
            var lastFull = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                if (FullCollections && lastFull.ElapsedMilliseconds >= 500)
                {
                    // What is really live: garbage promoted to the older generations does not count.
                    _peakLive = Math.Max(_peakLive, GC.GetTotalMemory(forceFullCollection: true));
                    lastFull.Restart();
                }

                await Task.Delay(5).ConfigureAwait(false);
            }
        });
    }

    public long PeakWorkingSet { get; private set; }

    /// <summary>The working set when the phase started: what the process held before it (the registry, the runtime).</summary>
    public long StartWorkingSet { get; }

    /// <summary>How far the phase raised the working set above <see cref="StartWorkingSet"/>: what the phase itself cost.</summary>
    public long WorkingSetGrowth => Math.Max(0, PeakWorkingSet - StartWorkingSet);

    public long PeakHeap { get; private set; }

    /// <summary>The largest heap a collection during the phase left behind (what was live then), above <see cref="BaselineHeap"/>.</summary>
    public long LiveGrowth => Math.Max(0, (FullCollections ? _peakLive : _peakAfterGc) - BaselineHeap);

    /// <summary>The live heap when the phase started (after a full collection): what the phase found, not what it added.</summary>
    public long BaselineHeap { get; }

    /// <summary>How far the phase grew the heap above <see cref="BaselineHeap"/>.</summary>
    public long HeapGrowth => Math.Max(0, PeakHeap - BaselineHeap);

    public long Allocated { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Processor time this process (host and client, not the storage emulator) used during the phase.</summary>
    public TimeSpan ProcessorTime { get; private set; }

    /// <summary>Of <see cref="ProcessorTime"/>, the time the JIT compiled methods (first calls, and the background recompiles of hot ones).</summary>
    public TimeSpan JitTime { get; private set; }

    /// <summary>Time the garbage collector paused the program during the phase.</summary>
    public TimeSpan GcPause { get; private set; }

    public static MemoryProbe Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemoryProbe();
    }

    public async ValueTask DisposeAsync()
    {
        Elapsed = _clock.Elapsed;
        GcPause = GC.GetTotalPauseDuration() - _pausedBefore;
        ProcessorTime = Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore;
        JitTime = JitInfo.GetCompilationTime() - _jitBefore;
        Sample();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        Allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        _stop.Dispose();
    }

    private void Sample()
    {
        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
        PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
        var last = GC.GetGCMemoryInfo();
        if (last.Index > _gcIndexBefore)
        {
            _peakAfterGc = Math.Max(_peakAfterGc, last.HeapSizeBytes - last.FragmentedBytes);
        }
    }
}
