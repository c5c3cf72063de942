namespace BacNinh.Core.Datasets;

/// <summary>
/// A served dataset: its name, the table it is read from, and its fields in order.
/// <see cref="PeriodPartitioned"/> sets lead their partition key with the period so that
/// period filters become key ranges.
/// </summary>
public sealed record DatasetDefinition(string Name, string Table, bool PeriodPartitioned, IReadOnlyList<DatasetField> Fields)
{
    public DatasetField? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
