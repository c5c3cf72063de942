using BacNinh.Core.Periods;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>The simple filters of the non-OData routes: <c>period</c>, <c>indicator</c>, <c>tier</c>.</summary>
public sealed record DatasetFilter(Period? Period, string? IndicatorCode, string? Tier);
