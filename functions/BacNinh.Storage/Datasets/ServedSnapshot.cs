using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Datasets;

/// <summary>Every month's pointer as read at <see cref="ReadAt"/>.</summary>
public sealed record ServedSnapshot(ServedVersions Served, DateTimeOffset ReadAt)
{
    /// <summary>What every month serves as of <see cref="ReadAt"/>, as text: computed once per snapshot.</summary>
    public string Version { get; } = VersionOf(Served, null, ReadAt);

    /// <summary>
    /// What a read of <paramref name="period"/> (every month when null) serves at <paramref name="asOf"/>,
    /// as text: changes exactly when one of those months is switched to another computation.
    /// </summary>
    public static string VersionOf(ServedVersions served, Period? period, DateTimeOffset? asOf)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (period is { } p)
        {
            return served.Months.TryGetValue(p.ToString(), out var month) ? $"{p}={month.ServedAt(asOf)}" : $"{p}=-";
        }

        return string.Join(';', served.Months.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ServedAt(asOf)}"));
    }

    /// <summary>What the months from <paramref name="from"/> to <paramref name="to"/> (open when null) serve at <paramref name="asOf"/>.</summary>
    public static string VersionOf(ServedVersions served, Period? from, Period? to, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(served);
        return string.Join(';', served.Months
            .Where(m => (from is null || m.Value.Period >= from.Value) && (to is null || m.Value.Period <= to.Value))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"{m.Key}={m.Value.ServedAt(asOf)}"));
    }
}
