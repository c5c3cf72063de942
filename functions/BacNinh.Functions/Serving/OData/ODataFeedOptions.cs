using System.ComponentModel.DataAnnotations;

namespace BacNinh.Functions.Serving.OData;

/// <summary>Settings of the OData feed (section <c>ODataFeedOptions</c>).</summary>
public sealed class ODataFeedOptions
{
    /// <summary>Rows per page before the feed answers with an <c>@odata.nextLink</c> (default 1000).</summary>
    [Range(1, 10000)]
    public int PageSize { get; set; } = 1000;
}
