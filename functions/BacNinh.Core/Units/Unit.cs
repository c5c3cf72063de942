using BacNinh.Core.Periods;

namespace BacNinh.Core.Units;

/// <summary>A reporting unit as the registry knows it during <see cref="ValidFrom"/>..<see cref="ValidTo"/>.</summary>
public sealed record Unit(
    string Code,
    Tier Tier,
    string? ParentCode,
    string FullName,
    string ShortName,
    IReadOnlyList<string> Aliases,
    DateOnly ValidFrom,
    DateOnly? ValidTo)
{
    public bool IsValidIn(Period period) =>
        ValidFrom <= period.Start && (ValidTo is null || ValidTo.Value >= period.Start);

    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || ValidTo.Value >= date);
}
