namespace BacNinh.Functions.Aggregation;

/// <summary>What a request to recompute a month came to.</summary>
public enum RecalculationOutcome
{
    /// <summary>The month was recomputed from its inputs as they stand now.</summary>
    Recomputed,

    /// <summary>Nothing was pending: an earlier run already covered these inputs (duplicate requests merge).</summary>
    AlreadyCurrent,

    /// <summary>Another run holds the month; the request stays pending and is sent again.</summary>
    Busy,
}
