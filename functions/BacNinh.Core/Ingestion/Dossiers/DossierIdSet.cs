using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace BacNinh.Core.Ingestion.Dossiers;

/// <summary>
/// The dossier ids met so far in one file, as 64-bit hashes of the id (trimmed, case folded): a
/// million ids cost 16 MiB instead of their text. Two ids colliding (odds about 1 in 10⁷ at a
/// million ids) would report the second as a duplicate.
/// </summary>
/// <remarks>
/// An id ending in a running number (<c>H10-231005-0001</c>) is kept as that number in the runs of its prefix
/// (<see cref="DossierIdRuns"/>), for a few thousand prefixes: an export in order costs no look-up in a large
/// table. Every other id, or number that would need too many runs, goes to an open-addressing table of the hashes themselves (linear probing, at most half full): a new id
/// costs one cache line of a table far larger than the cache, where a <see cref="HashSet{T}"/> costs
/// a bucket and an entry. <see cref="Prefetch"/> lets the caller ask for that line while it checks
/// the rest of the row. Slots are placed by a multiplier chosen per file, so ids written to crowd
/// one stretch of the table cannot be.
/// </remarks>
public sealed class DossierIdSet
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const int InitialBits = 12;
    private const int MaxPrefixes = 4_096;
    private const int MaxRunDigits = 18;

    private readonly Dictionary<ulong, DossierIdRuns> _runs = [];
    private ulong _lastPrefix;
    private DossierIdRuns? _lastRuns;

    private readonly ulong _multiplier = (ulong)Random.Shared.NextInt64() | 1UL;
    private ulong[] _slots = new ulong[1 << InitialBits];
    private int _shift = 64 - InitialBits;
    private bool _hasZero;

    public int Count { get; private set; }

    /// <summary>Adds the id; false when it was met before.</summary>
    public bool Add(ReadOnlySpan<char> id) => Add(Prepare(id));

    /// <summary>
    /// The id's hash and running number, read once; when it will be looked up in the table, that look-up's memory is
    /// asked for now, so an <see cref="Add(in DossierIdKey)"/> a little later does not wait for it.
    /// </summary>
    internal DossierIdKey Prepare(ReadOnlySpan<char> id)
    {
        id = id.Trim();
        var tail = id.Length;
        while (tail > 0 && char.IsAsciiDigit(id[tail - 1]))
        {
            tail--;
        }

        var hash = Fold(Offset, id[..tail]);
        var prefix = (hash ^ (ulong)(id.Length - tail)) * Prime;
        long number = 0;
        foreach (var digit in id[tail..])
        {
            hash = ((hash ^ digit) * Prime) * Prime;
            number = (number * 10) + (digit - '0');
        }

        var key = new DossierIdKey(hash, prefix, number, id.Length - tail is > 0 and <= MaxRunDigits);
        if (!key.HasNumber || _lastRuns is not { } runs || _lastPrefix != prefix || !runs.Continues(number))
        {
            Prefetch(hash);
        }

        return key;
    }

    /// <summary>Adds a prepared id; false when it was met before.</summary>
    internal bool Add(in DossierIdKey key)
    {
        if (!key.HasNumber || RunsOf(key.Prefix) is not { } runs)
        {
            return AddHash(key.Hash);
        }

        if (runs.Contains(key.Number) || (runs.Overflowed && TableContains(key.Hash)))
        {
            return false;
        }

        if (!runs.TryAdd(key.Number))
        {
            // Too scattered to be runs: this prefix's other numbers are kept in the table, and looked for there too.
            runs.Overflowed = true;
            return AddHash(key.Hash);
        }

        Count++;
        return true;
    }

    /// <summary>The runs of a prefix; null for a new prefix once <see cref="MaxPrefixes"/> are kept (its ids go to the table, always).</summary>
    private DossierIdRuns? RunsOf(ulong prefix)
    {
        if (_lastRuns is { } last && _lastPrefix == prefix)
        {
            return last;
        }

        if (!_runs.TryGetValue(prefix, out var runs))
        {
            if (_runs.Count == MaxPrefixes)
            {
                return null;
            }

            _runs[prefix] = runs = new DossierIdRuns();
        }

        (_lastPrefix, _lastRuns) = (prefix, runs);
        return runs;
    }

    private bool TableContains(ulong hash)
    {
        if (hash == 0)
        {
            return _hasZero;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Slot(hash); ; i = (i + 1) & mask)
        {
            if (slots[i] == hash)
            {
                return true;
            }

            if (slots[i] == 0)
            {
                return false;
            }
        }
    }

    private bool AddHash(ulong hash)
    {
        if (hash == 0)
        {
            // 0 marks an empty slot: the one id hashing to it is remembered apart.
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Slot(hash); ; i = (i + 1) & mask)
        {
            var held = slots[i];
            if (held == hash)
            {
                return false;
            }

            if (held == 0)
            {
                slots[i] = hash;
                if (++Count > slots.Length >> 1)
                {
                    Grow();
                }

                return true;
            }
        }
    }

    /// <summary>Starts loading the table's line for <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Prefetch(ulong hash)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Slot(hash)]));
        }
    }

    /// <summary>FNV-1a over the folded characters: stable (storage keys are made of it), allocation-free.</summary>
    public static ulong Hash(ReadOnlySpan<char> id) => Fold(Offset, id.Trim());

    private static ulong Fold(ulong hash, ReadOnlySpan<char> id)
    {
        foreach (var c in id)
        {
            if (c < 0x80)
            {
                // ASCII, as ids nearly always are: the same value as the general case, whose high byte is 0.
                hash = ((hash ^ (char.IsAsciiLetterLower(c) ? (uint)c - 32 : c)) * Prime) * Prime;
                continue;
            }

            var folded = char.ToUpperInvariant(c);
            hash = (hash ^ (byte)folded) * Prime;
            hash = (hash ^ (byte)(folded >> 8)) * Prime;
        }

        return hash;
    }

    private int Slot(ulong hash) => (int)((hash * _multiplier) >> _shift);

    private void Grow()
    {
        // A slot is the top bits of the hash times the multiplier: with one bit more, slot i moves to about 2i,
        // so walking the old table in order writes the new one in order too.
        var old = _slots;
        var slots = new ulong[old.Length * 2];
        _shift--;
        var mask = slots.Length - 1;
        foreach (var hash in old)
        {
            if (hash != 0)
            {
                var i = Slot(hash);
                while (slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = hash;
            }
        }

        _slots = slots;
    }
}
