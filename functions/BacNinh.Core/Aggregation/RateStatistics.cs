namespace BacNinh.Core.Aggregation;

/// <summary>Mean, pooled, min, max over unit figures, in exact decimal arithmetic.</summary>
public readonly record struct RateStatistics(
    int Reporting,
    int WithRate,
    decimal? Mean,
    decimal? Pooled,
    decimal? Min,
    decimal? Max,
    int AtFullRate)
{
    public static RateStatistics Of(IReadOnlyCollection<UnitResult> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var rates = units.Where(u => u.Rate is not null).Select(u => u.Rate!.Value).ToList();

        // Only rows with counts take part in the pooled figure; rate-only rows cannot.
        long numerators = 0, denominators = 0;
        foreach (var unit in units)
        {
            if (unit is { Numerator: { } n, Denominator: { } d })
            {
                numerators += n;
                denominators += d;
            }
        }

        return new RateStatistics(
            units.Count,
            rates.Count,
            rates.Count == 0 ? null : rates.Sum() / rates.Count,
            denominators == 0 ? null : 100m * numerators / denominators,
            rates.Count == 0 ? null : rates.Min(),
            rates.Count == 0 ? null : rates.Max(),
            rates.Count(r => r == 100m));
    }
}
