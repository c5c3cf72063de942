namespace BacNinh.Core.Bulletins.Charts;

/// <summary>
/// A bar chart of rates (0–100 %) as the bulletin draws it: a title and a description for readers who
/// cannot see it, the bars in order, and an optional target line across the plot (a tier's target);
/// bars may also carry their own targets (tiers of one indicator have different ones).
/// </summary>
public sealed record BarChart(string Title, string Description, string LabelHeader, IReadOnlyList<ChartBar> Bars, decimal? TargetLine);
