namespace BacNinh.Functions.Serving.Datasets;

/// <summary>One served row: its storage keys (stable order and paging) and its typed field values.</summary>
public sealed record DatasetRow(string PartitionKey, string RowKey, IReadOnlyDictionary<string, object?> Values)
{
    public object? this[string field] => Values.TryGetValue(field, out var value) ? value : null;
}
