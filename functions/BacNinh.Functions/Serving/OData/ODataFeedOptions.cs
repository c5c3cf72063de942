using System.ComponentModel.DataAnnotations;

namespace BacNinh.Functions.Serving.OData;

/// <summary>Settings of the OData feed (section <c>ODataFeedOptions</c>).</summary>
public sealed class ODataFeedOptions
{
    /// <summary>Rows per page before the feed answers with an <c>@odata.nextLink</c> (default 1000).</summary>
    [Range(1, 10000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// Pages up to this size are kept in memory; larger ones as blobs beside the dataset bodies, each
    /// process sending its local copy as a file (default 64 KiB; 0 keeps every page as a blob).
    /// </summary>
    [Range(0, 8192)]
    public int MemoryPageKilobytes { get; set; } = 64;
}
