using BacNinh.Core.Periods;
using BacNinh.Core.Units;

namespace BacNinh.Core.Lineage;

/// <summary>
/// The reorganizations as a graph of dated edges (contract §2a): which units of a month became a unit
/// in force on a later date, and which unit of a later date a unit of a month became. No unit was split
/// in either round, so a unit has at most one successor per round.
/// </summary>
public sealed class UnitLineage
{
    private readonly ILookup<string, LineageEdge> _byNew;
    private readonly ILookup<string, LineageEdge> _byOld;

    public UnitLineage(IEnumerable<LineageEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        Edges = [.. edges.OrderBy(e => e.Effective).ThenBy(e => e.NewCode, StringComparer.Ordinal).ThenBy(e => e.OldCode, StringComparer.Ordinal)];
        _byNew = Edges.ToLookup(e => e.NewCode, StringComparer.OrdinalIgnoreCase);
        _byOld = Edges.ToLookup(e => e.OldCode, StringComparer.OrdinalIgnoreCase);
    }

    public static UnitLineage Empty { get; } = new([]);

    public IReadOnlyList<LineageEdge> Edges { get; }

    /// <summary>True when some edge takes effect on the first day of <paramref name="period"/>: a reorganization month.</summary>
    public bool ReorganizedAt(Period period) => Edges.Any(e => e.Effective == period.Start);

    /// <summary>The edges taking effect on the first day of <paramref name="period"/>.</summary>
    public IEnumerable<LineageEdge> EffectiveAt(Period period) => Edges.Where(e => e.Effective == period.Start);

    /// <summary>
    /// The units in force in <paramref name="month"/> that became <paramref name="code"/> as it stands on
    /// <paramref name="asOf"/>: walking back through every round that took effect after the month began.
    /// A unit no round touched is its own single predecessor. With <paramref name="units"/>, a unit that
    /// absorbed others and kept its code without an edge of its own (Xã Chi Lăng in 2024) is one of them too.
    /// </summary>
    public IReadOnlyList<Predecessor> PredecessorsIn(string code, DateOnly asOf, Period month, UnitRegistry? units = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var found = new List<Predecessor>();
        Walk(code, asOf, month.Start, null, true, found, units, 0);
        return found;
    }

    /// <summary>The code <paramref name="code"/> of <paramref name="month"/> had become on <paramref name="asOf"/>; null if it has no successor (a unit ended without one).</summary>
    public string? SuccessorOn(string code, Period month, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(code);
        var current = code;
        var since = month.Start;
        for (var round = 0; round < 16; round++)
        {
            var next = _byOld[current].Where(e => e.Effective > since && e.Effective <= asOf).MinBy(e => e.Effective);
            if (next is null)
            {
                return current;
            }

            current = next.NewCode;
            since = next.Effective;
        }

        return null;
    }

    private void Walk(string code, DateOnly upTo, DateOnly monthStart, ConfidenceLevel? confidence, bool onlyRenamed, List<Predecessor> found, UnitRegistry? units, int depth)
    {
        // The latest round that made this unit, after the month began; the bound guards a malformed file.
        var round = depth < 16 ? _byNew[code].Where(e => e.Effective > monthStart && e.Effective <= upTo).ToList() : [];
        if (round.Count == 0)
        {
            found.Add(new Predecessor(code, confidence, onlyRenamed));
            return;
        }

        var effective = round.Max(e => e.Effective);
        var edges = round.Where(e => e.Effective == effective).ToList();
        foreach (var edge in edges)
        {
            var lowest = confidence is { } c && c < edge.Confidence ? c : edge.Confidence;
            Walk(edge.OldCode, effective.AddDays(-1), monthStart, lowest, onlyRenamed && edge.IsRename, found, units, depth + 1);
        }

        var dayBefore = effective.AddDays(-1);
        if (units is not null && !_byOld[code].Any(e => e.Effective == effective) && units.Find(code, dayBefore) is not null)
        {
            var lowest = edges.Min(e => e.Confidence);
            Walk(code, dayBefore, monthStart, confidence is { } c && c < lowest ? c : lowest, false, found, units, depth + 1);
        }
    }
}
