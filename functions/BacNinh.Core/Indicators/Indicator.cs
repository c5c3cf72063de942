namespace BacNinh.Core.Indicators;

/// <summary>One rate the province tracks, as configured in the catalog.</summary>
public sealed record Indicator(
    string Code,
    string Name,
    HeadlineRule Headline,
    ColumnSpec Numerator,
    ColumnSpec Denominator,
    IReadOnlyList<ColumnSpec> Breakdowns);
