using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// Every month's pointer, read once for the requests of the next <see cref="SnapshotFor"/>: a first
/// page serves the snapshot as of when it was read (its <c>AsOf</c>), and a later page any snapshot
/// read after its first page (which gives the same versions as of then). Up to
/// <see cref="SnapshotStaleFor"/> old, requests keep the snapshot while one read renews it, so a
/// recompute is served within seconds and no request waits for the pointers of a busy table.
/// </summary>
public sealed class FeedSnapshots(DatasetReader reader, TimeProvider time)
{
    /// <summary>How long one read of the months' pointers serves the requests that follow it.</summary>
    private static readonly TimeSpan SnapshotFor = TimeSpan.FromSeconds(1);

    /// <summary>How old a snapshot may be while a newer one is read.</summary>
    private static readonly TimeSpan SnapshotStaleFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private FeedSnapshot? _snapshot;
    private Task<FeedSnapshot>? _renewing;

    /// <summary>The snapshot a page serves: read after <paramref name="asOf"/> (a later page's first page), or fresh enough.</summary>
    public async Task<FeedSnapshot> GetAsync(DatasetDefinition dataset, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = Volatile.Read(ref _snapshot);
        if (last is not null && now >= last.ReadAt && (asOf is null || last.ReadAt >= asOf))
        {
            if (now - last.ReadAt < SnapshotFor)
            {
                return last;
            }

            if (now - last.ReadAt < SnapshotStaleFor)
            {
                _ = Renew(dataset);
                return last;
            }
        }

        return await Renew(dataset).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One read of the pointers at a time, shared by every request that needs it.</summary>
    private Task<FeedSnapshot> Renew(DatasetDefinition dataset)
    {
        lock (_gate)
        {
            if (_renewing is { IsCompleted: false } running)
            {
                return running;
            }

            return _renewing = ReadAsync(dataset);
        }
    }

    private async Task<FeedSnapshot> ReadAsync(DatasetDefinition dataset)
    {
        var now = time.GetUtcNow();
        var served = await reader.SnapshotAsync(dataset, CancellationToken.None).ConfigureAwait(false) ?? new ServedVersions(new Dictionary<string, MonthVersion>());
        var fresh = new FeedSnapshot(served, now);
        Volatile.Write(ref _snapshot, fresh);
        return fresh;
    }
}

/// <summary>Every month's pointer as read at <see cref="ReadAt"/>.</summary>
public sealed record FeedSnapshot(ServedVersions Served, DateTimeOffset ReadAt)
{
    /// <summary>What every month serves as of <see cref="ReadAt"/>: the version of a first page, computed once per snapshot.</summary>
    public string Version { get; } = DatasetReader.ServedVersion(Served, null, ReadAt);
}
