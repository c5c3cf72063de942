using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;
using BacNinh.Core.Datasets;
using BacNinh.Storage.Aggregation;

namespace BacNinh.Storage.Datasets;

/// <summary>A dataset's fields by position and by name, worked out once per set: rows hold their values in this order.</summary>
public sealed class StoredRowLayout
{
    private static readonly string[] Keys = ["PartitionKey", "RowKey"];

    private static readonly ConditionalWeakTable<DatasetDefinition, StoredRowLayout> Layouts = [];

    private StoredRowLayout(DatasetDefinition dataset)
    {
        Fields = dataset.Fields;
        Names = [.. dataset.Fields.Select(f => Encoding.UTF8.GetBytes(f.Name))];
        Ordinals = dataset.Fields.Select((f, i) => (f.Name, i)).ToFrozenDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        Select = [.. Keys.Concat(dataset.Fields.Select(f => f.Name)).Append(MonthVersions.VersionProperty).Distinct(StringComparer.Ordinal)];
        PeriodOrdinal = Ordinals.TryGetValue("Period", out var period) ? period : -1;
    }

    public IReadOnlyList<DatasetField> Fields { get; }

    /// <summary>The fields' names in UTF-8, as storage's JSON spells them.</summary>
    public byte[][] Names { get; }

    public FrozenDictionary<string, int> Ordinals { get; }

    /// <summary>What a read asks storage for: the keys, the fields and the version.</summary>
    public string[] Select { get; }

    /// <summary>Where the row's month is, or -1 for a set without one.</summary>
    public int PeriodOrdinal { get; }

    public static StoredRowLayout For(DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Layouts.GetValue(dataset, d => new StoredRowLayout(d));
    }
}
