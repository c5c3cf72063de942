using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>The simple filters of the non-OData routes: <c>period</c>, <c>indicator</c>, <c>tier</c>.</summary>
public sealed record DatasetFilter(Period? Period, string? IndicatorCode, string? Tier)
{
    /// <summary>The filter as a table query (period and indicator as partition keys), built with the SDK's parameterised filter.</summary>
    public string? TableFilter(DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var clauses = new List<string>();
        if (Period is { } period && dataset.PeriodPartitioned)
        {
            // From the bare period, so partitions keyed by the period alone (Uploads) fall in the range too.
            clauses.Add(IndicatorCode is { } indicator && dataset.Find("IndicatorCode") is not null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PeriodIndicator(period, indicator)}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {period.ToString()} and PartitionKey lt {TableKeys.PeriodRange(period, period).To}"));
        }

        if (Period is { } p)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Period eq {p.ToString()}"));
        }

        if (IndicatorCode is { } code && dataset.Find("IndicatorCode") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"IndicatorCode eq {code}"));
        }

        if (Tier is { } tier && dataset.Find("Tier") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Tier eq {tier}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }
}
