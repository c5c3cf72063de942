namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// The running numbers met so far after one id prefix (e.g. the 0001, 0002… of <c>H10-231005-0001</c>), as sorted,
/// disjoint runs of consecutive numbers: an export lists a system's running numbers mostly in order, so a million
/// ids are a few runs, and a new id is checked against the run it continues, without a look-up in a large table.
/// At most <see cref="MaxRuns"/> runs; past that the caller keeps the numbers elsewhere.
/// </summary>
internal sealed class DossierIdRuns
{
    public const int MaxRuns = 64;

    private long[] _low = new long[4];
    private long[] _high = new long[4];
    private int _count;

    // The run the last number joined: the next number in order continues it.
    private int _last;

    /// <summary>Some numbers after this prefix did not fit in the runs and are kept by the caller.</summary>
    public bool Overflowed { get; set; }

    /// <summary>Whether <paramref name="number"/> just continues the last run (not met before): the common case, answered at once.</summary>
    public bool Continues(long number) =>
        _count > 0 && number == _high[_last] + 1 && (_last + 1 == _count || _low[_last + 1] > number);

    public bool Contains(long number)
    {
        if (Continues(number))
        {
            return false;
        }

        var i = RunAtOrBefore(number);
        return i >= 0 && number <= _high[i];
    }

    /// <summary>Adds a number known not to be in the runs; false when it would need a run more than allowed.</summary>
    public bool TryAdd(long number)
    {
        var i = Continues(number) ? _last : RunAtOrBefore(number);
        if (i >= 0 && number == _high[i] + 1)
        {
            _high[i] = number;
            if (i + 1 < _count && _low[i + 1] == number + 1)
            {
                // The gap between two runs is closed: they become one.
                _high[i] = _high[i + 1];
                Remove(i + 1);
            }

            _last = i;
            return true;
        }

        if (i + 1 < _count && _low[i + 1] == number + 1)
        {
            _low[i + 1] = number;
            _last = i + 1;
            return true;
        }

        if (_count == MaxRuns)
        {
            return false;
        }

        Insert(i + 1, number);
        _last = i + 1;
        return true;
    }

    /// <summary>The index of the last run starting at or before <paramref name="number"/>, or -1.</summary>
    private int RunAtOrBefore(long number)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (_low[middle] <= number)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high;
    }

    private void Insert(int at, long number)
    {
        if (_count == _low.Length)
        {
            Array.Resize(ref _low, _count * 2);
            Array.Resize(ref _high, _count * 2);
        }

        Array.Copy(_low, at, _low, at + 1, _count - at);
        Array.Copy(_high, at, _high, at + 1, _count - at);
        (_low[at], _high[at]) = (number, number);
        _count++;
    }

    private void Remove(int at)
    {
        Array.Copy(_low, at + 1, _low, at, _count - at - 1);
        Array.Copy(_high, at + 1, _high, at, _count - at - 1);
        _count--;
    }
}
