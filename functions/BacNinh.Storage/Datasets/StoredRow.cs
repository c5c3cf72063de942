namespace BacNinh.Storage.Datasets;

/// <summary>
/// One stored row of a dataset: its keys, its fields' typed values in the order of the set's fields
/// (<see cref="StoredRowLayout"/>), and the two properties that decide whether it is served.
/// </summary>
public sealed record StoredRow(string PartitionKey, string RowKey, object?[] Values, string? Period, string? Version);
