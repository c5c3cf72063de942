namespace BacNinh.IntegrationTests.Resilience;

/// <summary>How the crash tests run the host they kill: the sweep every second and stale marks after 5 s, so recovery is quick to watch; only warnings logged.</summary>
internal static class KilledHostSettings
{
    public static readonly string[] Arguments =
    [
        "--RECONCILE_SCHEDULE", "*/1 * * * * *", "--Reconciliation:StalePendingAfter", "00:00:05",
        "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
    ];
}
