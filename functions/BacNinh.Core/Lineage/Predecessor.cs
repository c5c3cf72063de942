namespace BacNinh.Core.Lineage;

/// <summary>
/// A unit in force in an earlier month that became a unit of a later date, with the lowest confidence
/// of the edges on its way there (null when it is the same unit and no edge was crossed).
/// </summary>
public sealed record Predecessor(string Code, ConfidenceLevel? Confidence, bool OnlyRenamed);
