using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// One read of a dataset's table: the set, its table filter (built with the SDK's parameterised
/// filter, so no client text reaches storage raw), the months' pointers it serves and the time it
/// serves them as of (a later page of an OData read keeps its first page's), and the months it is
/// confined to (either end open when null; an open end is closed by <see cref="DatasetTable.Months"/>).
/// </summary>
public sealed record DatasetQuery(DatasetDefinition Dataset)
{
    public string? TableFilter { get; init; }

    /// <summary>Every month's pointer, for a versioned set; null for the others.</summary>
    public ServedVersions? Served { get; init; }

    public DateTimeOffset? AsOf { get; init; }

    public Period? From { get; init; }

    public Period? To { get; init; }

    /// <summary>Sizes storage pages when the caller needs only a few rows.</summary>
    public int? PageHint { get; init; }

    /// <summary>The same read confined to one month.</summary>
    public DatasetQuery Within(Period month) => this with { From = month, To = month };
}
