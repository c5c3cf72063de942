using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// The storage queries of a read of a versioned set, one per month: each confined to that month's
/// partitions and, where the month has a pointer, to the version it serves. Storage then returns
/// only served rows (older computations kept for readers in flight stay behind), and no query
/// spans the table: Azure answers a partition range from its index, while the storage emulator
/// filters and sorts every row a query matches on each of its pages, so an open-ended range read
/// page by page costs it the square of the table.
/// </summary>
public static class MonthQueries
{
    /// <summary>
    /// <paramref name="tableFilter"/> within <paramref name="month"/>, for the rows its pointer in
    /// <paramref name="served"/> names at <paramref name="asOf"/>. The version comes first: most rows
    /// of a table fail it, and a filter is evaluated left to right.
    /// </summary>
    public static string For(string? tableFilter, Period month, ServedVersions served, DateTimeOffset? asOf)
    {
        ArgumentNullException.ThrowIfNull(served);
        var clauses = new List<string>(3);
        if (served.Months.TryGetValue(month.ToString(), out var pointer))
        {
            // The property name is written out: an interpolated name would be quoted as a value.
            clauses.Add(TableClient.CreateQueryFilter($"Version eq {pointer.ServedAt(asOf)}"));
        }

        // Rows from before versioning have no version and are served while their month has no pointer.
        var (from, to) = TableKeys.PeriodRange(month, month);
        clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"));
        if (tableFilter is not null)
        {
            clauses.Add($"({tableFilter})");
        }

        return string.Join(" and ", clauses);
    }

    /// <summary>
    /// The months a read of <paramref name="from"/>..<paramref name="to"/> visits, in order: an open
    /// lower end closed by the earlier of <paramref name="firstStored"/> and the first month with a
    /// pointer, an open upper end by the last month with a pointer, or by <paramref name="now"/> when no
    /// month has one. Every computation since versioning switches its month's pointer, so no month after
    /// the newest pointer holds a served row: rows from before versioning are older than any pointer.
    /// Visiting those months would cost a new instance a storage query each for nothing.
    /// </summary>
    public static IEnumerable<Period> Months(Period? from, Period? to, ServedVersions served, Period? firstStored, Period now, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(served);
        var pointed = served.Months.Values.Select(m => m.Period).ToList();
        var lower = from ?? Earlier(firstStored, pointed.Count == 0 ? null : pointed.Min());
        if (lower is not { } first)
        {
            yield break;
        }

        var last = to ?? (pointed.Count > 0 ? pointed.Max() : now);
        if (descending)
        {
            for (var month = last; month >= first; month = month.Previous)
            {
                yield return month;
            }
        }
        else
        {
            for (var month = first; month <= last; month = month.Next)
            {
                yield return month;
            }
        }
    }

    private static Period? Earlier(Period? a, Period? b) => a is null ? b : b is null ? a : (a.Value < b.Value ? a : b);
}
