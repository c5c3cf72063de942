using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// Every month's pointer, read once for all the requests of the next <see cref="FreshFor"/>, so a
/// read's freshness check costs no storage round trip: a read serves the snapshot as of when it was
/// read, and a later OData page any snapshot read after its first page (the same versions as of
/// then). Up to <see cref="StaleFor"/> old, requests keep the snapshot while one read renews it, so a
/// recompute is served within seconds and no request waits for the pointers of a busy table. A switch
/// made through this process's <see cref="MonthVersions"/> is seen by the next request.
/// </summary>
public sealed class ServedSnapshots(MonthVersions versions, TimeProvider time)
{
    /// <summary>How long one read of the months' pointers serves the requests that follow it.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    /// <summary>How old a snapshot may be while a newer one is read.</summary>
    public static readonly TimeSpan StaleFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private (ServedSnapshot Snapshot, long Switches)? _last;
    private (Task<ServedSnapshot> Task, long Switches)? _renewing;

    /// <summary>The snapshot a read serves: read after <paramref name="notBefore"/> (a later page's first page) and fresh enough.</summary>
    public async Task<ServedSnapshot> GetAsync(DateTimeOffset? notBefore = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var last = _last;
        if (last is { } known && known.Switches == versions.Switches && now >= known.Snapshot.ReadAt && (notBefore is null || known.Snapshot.ReadAt >= notBefore))
        {
            var age = now - known.Snapshot.ReadAt;
            if (age < FreshFor)
            {
                return known.Snapshot;
            }

            if (age < StaleFor)
            {
                _ = Renew();
                return known.Snapshot;
            }
        }

        return await Renew().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One read of the pointers at a time, shared by every request that needs it.</summary>
    private Task<ServedSnapshot> Renew()
    {
        lock (_gate)
        {
            // A read begun before this process's last switch may miss it: another one is begun.
            var switches = versions.Switches;
            if (_renewing is { } running && !running.Task.IsCompleted && running.Switches == switches)
            {
                return running.Task;
            }

            var task = ReadAsync(switches);
            _renewing = (task, switches);
            return task;
        }
    }

    private async Task<ServedSnapshot> ReadAsync(long switches)
    {
        var now = time.GetUtcNow();
        var fresh = new ServedSnapshot(await versions.SnapshotAsync(CancellationToken.None).ConfigureAwait(false), now);
        _last = (fresh, switches);
        return fresh;
    }
}
