using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace BacNinh.Storage.Datasets;

/// <summary>
/// A row's values by field name over the array they were read into (<see cref="StoredRow"/>): no
/// dictionary per row, and writers that go through the set's fields in order read them by position.
/// </summary>
public sealed class FieldValues(StoredRowLayout layout, object?[] values) : IReadOnlyDictionary<string, object?>
{
    public StoredRowLayout Layout { get; } = layout;

    public int Count => Layout.Fields.Count;

    public IEnumerable<string> Keys => Layout.Fields.Select(f => f.Name);

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => values;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The value of the set's field at <paramref name="ordinal"/>.</summary>
    public object? At(int ordinal) => values[ordinal];

    public bool ContainsKey(string key) => Layout.Ordinals.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (Layout.Ordinals.TryGetValue(key, out var ordinal))
        {
            value = values[ordinal];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(Layout.Fields[i].Name, values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
