using System.ComponentModel.DataAnnotations;

namespace BacNinh.Functions.Ingestion;

/// <summary>The reconciliation sweep, bound from the <c>Reconciliation</c> section; its schedule is <see cref="Hosting.TriggerSources.ReconcileScheduleSetting"/>.</summary>
public sealed class ReconciliationOptions
{
    /// <summary>
    /// A month marked pending for longer than this without being recomputed (a crash, a lost
    /// message) is asked for again. Default 2 minutes: longer than a queue's polling interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StalePendingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Versions younger than this are left to their trigger (Event Grid, the container scan), so
    /// the sweep does not ingest them a second time beside it. Default 1 minute; the local host 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Blob versions ingested at once by one sweep.</summary>
    [Range(1, 16)]
    public int MaxParallelUploads { get; set; } = 2;
}
