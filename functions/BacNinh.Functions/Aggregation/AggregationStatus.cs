using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Functions.Aggregation;

/// <summary>
/// Where a month's recomputation stands: <c>pending</c> (asked for, not yet started), <c>running</c>
/// (a run holds the month), <c>done</c> (nothing asked for since the served computation was switched
/// in) or <c>none</c> (never computed). A client that asked for a recompute polls until <c>done</c>:
/// the pending mark is cleared only by a run that saw every request made before it.
/// </summary>
public sealed record AggregationStatus(string Period, string Status, string? ServedVersion, DateTimeOffset? ServedSince, DateTimeOffset? RequestedAt)
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string None = "none";

    public static async Task<AggregationStatus> ReadAsync(Period period, AggregationRequests requests, AggregationLocks locks, MonthVersions versions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(versions);
        var mark = await requests.PendingMarkAsync(period, cancellationToken).ConfigureAwait(false);
        var served = await versions.GetAsync(period, cancellationToken).ConfigureAwait(false);
        var status = mark is null
            ? served is null ? None : Done
            : await locks.IsHeldAsync(period, cancellationToken).ConfigureAwait(false) ? Running : Pending;
        return new AggregationStatus(period.ToString(), status, served?.Current, served?.History.FirstOrDefault()?.Since, mark?.MarkedAt);
    }
}
