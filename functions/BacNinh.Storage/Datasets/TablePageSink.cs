namespace BacNinh.Storage.Datasets;

/// <summary>Where <see cref="TablePageCapture"/> leaves the last page of JSON of a query sent inside its scope.</summary>
public sealed class TablePageSink
{
    internal BinaryData? Page { get; set; }

    /// <summary>The page captured since the last call; throws if the query's response was not captured.</summary>
    public BinaryData Take()
    {
        var page = Page ?? throw new InvalidOperationException("The table query's page was not captured: the table client lacks the capture policy.");
        Page = null;
        return page;
    }
}
