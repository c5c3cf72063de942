namespace BacNinh.Core.Units;

/// <summary>What a name in a spreadsheet resolved to.</summary>
public abstract record UnitMatch
{
    private UnitMatch()
    {
    }

    public sealed record Found(Unit Unit) : UnitMatch;

    /// <summary>The name fits several units and nothing on the row tells them apart.</summary>
    public sealed record Ambiguous(IReadOnlyList<Unit> Candidates) : UnitMatch;

    /// <summary>No unit has this name; <see cref="Suggestions"/> are the closest registry names.</summary>
    public sealed record NotFound(IReadOnlyList<string> Suggestions) : UnitMatch;
}
