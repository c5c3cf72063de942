namespace BacNinh.Functions.Serving.Bodies;

/// <summary>
/// Entries by name within a budget of bytes: the least recently used go first when a new one does
/// not fit, and one name holds one entry (a newer one replaces it). <paramref name="evicted"/> hears
/// of every entry that leaves, replaced or pushed out; <paramref name="pushedOut"/>, by name, of those
/// pushed out for a newer one's room only (a refused one is <see cref="Add"/>'s caller's, by its result).
/// </summary>
public sealed class ByteBudget<T>(long budget, Action<T>? evicted = null, Action<string, T>? pushedOut = null)
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Name, T Value, long Bytes)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Name, T Value, long Bytes)> _byUse = new();
    private long _used;

    /// <summary>Bytes taken by the entries kept.</summary>
    public long Used => Interlocked.Read(ref _used);

    public T? Find(string name)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out var node))
            {
                return null;
            }

            _byUse.Remove(node);
            _byUse.AddFirst(node);
            return node.Value.Value;
        }
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="name"/>; false (nothing kept) when it is larger than the whole budget.</summary>
    public bool Add(string name, T value, long bytes)
    {
        var gone = new List<T>();
        var pushed = new List<(string Name, T Value)>();
        bool kept;
        lock (_gate)
        {
            if (_entries.Remove(name, out var old))
            {
                _byUse.Remove(old);
                _used -= old.Value.Bytes;
                gone.Add(old.Value.Value);
            }

            kept = bytes <= budget;
            if (kept)
            {
                while (_used + bytes > budget && _byUse.Last is { } last)
                {
                    _byUse.RemoveLast();
                    _entries.Remove(last.Value.Name);
                    _used -= last.Value.Bytes;
                    gone.Add(last.Value.Value);
                    pushed.Add((last.Value.Name, last.Value.Value));
                }

                _entries[name] = _byUse.AddFirst((name, value, bytes));
                _used += bytes;
            }

            if (!kept)
            {
                gone.Add(value);
            }
        }

        // Outside the lock: eviction may touch the disk.
        gone.ForEach(g => evicted?.Invoke(g));
        pushed.ForEach(p => pushedOut?.Invoke(p.Name, p.Value));
        return kept;
    }

    /// <summary>Drops the entry of <paramref name="name"/> if it is <paramref name="value"/>.</summary>
    public void Remove(string name, T value)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out var node) || !ReferenceEquals(node.Value.Value, value))
            {
                return;
            }

            _entries.Remove(name);
            _byUse.Remove(node);
            _used -= node.Value.Bytes;
        }

        evicted?.Invoke(value);
    }
}
