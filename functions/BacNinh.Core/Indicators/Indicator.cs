namespace BacNinh.Core.Indicators;

/// <summary>
/// One rate the province tracks, as configured in the catalog. <see cref="RecordsCurrent"/>: where a
/// unit both typed the rate and has dossier records for a month, the record figure is current (§2b).
/// </summary>
public sealed record Indicator(
    string Code,
    string Name,
    HeadlineRule Headline,
    ColumnSpec Numerator,
    ColumnSpec Denominator,
    IReadOnlyList<ColumnSpec> Breakdowns,
    IndicatorSource Source = IndicatorSource.Reports,
    bool RecordsCurrent = false);
