using System.Text.RegularExpressions;

namespace BacNinh.Core.Lineage;

/// <summary>How sure a lineage edge is, lowest first, so the lowest of a figure's edges is a minimum.</summary>
public enum ConfidenceLevel
{
    Low,
    MediumLow,
    Medium,
    High,
}

/// <summary>Reads and writes the confidence words of the lineage files (<c>high</c>, <c>medium-low</c>, …).</summary>
public static partial class ConfidenceLevels
{
    /// <summary>
    /// The lowest level the text names: "high (date medium)" is medium, because a figure that rests on
    /// the edge also rests on its date. Text naming no level is taken as low rather than guessed high.
    /// </summary>
    public static ConfidenceLevel Parse(string? text)
    {
        var levels = Words().Matches(text ?? string.Empty).Select(m => m.Value.ToUpperInvariant() switch
        {
            "HIGH" => ConfidenceLevel.High,
            "MEDIUM-LOW" => ConfidenceLevel.MediumLow,
            "MEDIUM" => ConfidenceLevel.Medium,
            _ => ConfidenceLevel.Low,
        }).ToList();
        return levels.Count == 0 ? ConfidenceLevel.Low : levels.Min();
    }

    public static string ToName(this ConfidenceLevel level) => level switch
    {
        ConfidenceLevel.High => "high",
        ConfidenceLevel.Medium => "medium",
        ConfidenceLevel.MediumLow => "medium-low",
        _ => "low",
    };

    // "medium-low" is tried before "medium" so it is read as one level.
    [GeneratedRegex(@"\b(high|medium-low|medium|low)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
