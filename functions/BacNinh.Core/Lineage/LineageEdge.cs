namespace BacNinh.Core.Lineage;

/// <summary>
/// One unit becoming (part of) another on <see cref="Effective"/>: the old unit's last day is the day
/// before. Codes can be reused, so an edge names its units by code and by the side of the date they stand on.
/// </summary>
public sealed record LineageEdge(
    DateOnly Effective,
    string? OldProvince,
    string OldCode,
    string OldName,
    string NewCode,
    string NewName,
    string Kind,
    string Source,
    string ConfidenceText)
{
    public ConfidenceLevel Confidence { get; } = ConfidenceLevels.Parse(ConfidenceText);

    /// <summary>A rename keeps the unit: its figures before and after are the same unit's.</summary>
    public bool IsRename => string.Equals(Kind, "renamed", StringComparison.OrdinalIgnoreCase);
}
