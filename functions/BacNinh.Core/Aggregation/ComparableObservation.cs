using BacNinh.Core.Periods;

namespace BacNinh.Core.Aggregation;

/// <summary>
/// A month's figure for a unit in force on <see cref="AsOf"/> (or a tier over a territory, then
/// <see cref="UnitCode"/> is the territory's code): the figures of the units that became it, in that
/// month (contract §2a). <see cref="LowestConfidence"/> is null when no lineage edge was crossed.
/// </summary>
public sealed record ComparableObservation(
    Period Period,
    DateOnly AsOf,
    string IndicatorCode,
    string Tier,
    string UnitCode,
    string UnitName,
    long? Numerator,
    long? Denominator,
    decimal? Rate,
    string Basis,
    int PredecessorsExpected,
    int PredecessorsReported,
    string? LowestConfidence);

/// <summary>How a comparable figure was made from its predecessors' figures.</summary>
public static class ComparableBasis
{
    /// <summary>The unit existed in the month: its own figure.</summary>
    public const string SameUnit = "same-unit";

    /// <summary>Σ numerators / Σ denominators: every reported predecessor gave counts.</summary>
    public const string Pooled = "pooled";

    /// <summary>The mean of the predecessors' (or units') rates: some gave only a rate, or the headline is a mean.</summary>
    public const string MeanOfRates = "mean-of-rates";
}
