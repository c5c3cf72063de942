using BacNinh.Storage;

namespace BacNinh.Functions.Hosting;

/// <summary>
/// What each non-HTTP function listens to, declared once: the Functions app's <c>[Function]</c>
/// attributes and the local host's trigger adapters both use these, so the two hosts cannot drift.
/// </summary>
public static class TriggerSources
{
    /// <summary>Every blob agencies upload: <c>uploads/{agency}/{yyyy-MM}/{file}</c>.</summary>
    public const string Uploads = StorageNames.UploadsContainer + "/{name}";

    /// <summary>The storage connection setting of every trigger.</summary>
    public const string Connection = StorageAccount.SettingName;

    public const string AggregationQueue = StorageNames.AggregationQueue;

    public const string AggregationScheduleSetting = "AGGREGATION_SCHEDULE";
    public const string BulletinScheduleSetting = "BULLETIN_SCHEDULE";
    public const string ReconcileScheduleSetting = "RECONCILE_SCHEDULE";

    /// <summary>The nightly recomputation's NCRONTAB (UTC), resolved from its setting.</summary>
    public const string AggregationSchedule = "%" + AggregationScheduleSetting + "%";

    /// <summary>The monthly bulletin's NCRONTAB (UTC), resolved from its setting.</summary>
    public const string BulletinSchedule = "%" + BulletinScheduleSetting + "%";

    /// <summary>The reconciliation sweep's NCRONTAB (UTC), resolved from its setting.</summary>
    public const string ReconcileSchedule = "%" + ReconcileScheduleSetting + "%";
}
