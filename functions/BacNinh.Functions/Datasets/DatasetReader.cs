using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Storage;
using BacNinh.Storage.Tables;

namespace BacNinh.Functions.Datasets;

/// <summary>
/// Streams a dataset's rows from its table. Period and indicator filters become partition-key
/// conditions, built with the SDK's parameterised filter so no client text reaches the query raw.
/// </summary>
public sealed class DatasetReader(StorageAccount account)
{
    public IAsyncEnumerable<TableEntity> ReadAsync(DatasetDefinition dataset, DatasetFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        var table = account.Tables.GetTableClient(dataset.Table);
        return table.QueryAsync<TableEntity>(BuildFilter(dataset, filter), cancellationToken: cancellationToken);
    }

    public static string? BuildFilter(DatasetDefinition dataset, DatasetFilter filter)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string>();
        if (filter.Period is { } period && dataset.PeriodPartitioned)
        {
            if (filter.IndicatorCode is { } indicator && dataset.Find("IndicatorCode") is not null)
            {
                clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PeriodIndicator(period, indicator)}"));
            }
            else
            {
                var (from, to) = TableKeys.PeriodRange(period, period);
                clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"));
            }
        }

        if (filter.Period is { } p)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Period eq {p.ToString()}"));
        }

        if (filter.IndicatorCode is { } code && dataset.Find("IndicatorCode") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"IndicatorCode eq {code}"));
        }

        if (filter.Tier is { } tier && dataset.Find("Tier") is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Tier eq {tier}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }
}
