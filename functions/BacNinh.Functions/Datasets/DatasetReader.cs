using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Storage;
using BacNinh.Storage.Blobs;
using BacNinh.Storage.Tables;

namespace BacNinh.Functions.Datasets;

/// <summary>
/// Streams a dataset's rows: table sets from their table, reference sets from the reference data.
/// Period and indicator filters become partition-key conditions, built with the SDK's
/// parameterised filter so no client text reaches the query raw. Computed sets serve, per month,
/// only the rows of the computation its pointer names (<see cref="MonthVersions"/>), read once per
/// request, so a read never mixes two computations of a month.
/// </summary>
public sealed class DatasetReader(StorageAccount account, ReferenceRows reference, MonthVersions versions, BulletinStore bulletins)
{
    public async IAsyncEnumerable<TableEntity> ReadAsync(DatasetDefinition dataset, DatasetFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        await foreach (var entity in ServedEntitiesAsync(dataset, BuildFilter(dataset, filter), null, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }

    /// <summary>The rows of a dataset for the simple <c>period</c>/<c>indicator</c>/<c>tier</c> filter.</summary>
    public async IAsyncEnumerable<DatasetRow> ReadRowsAsync(DatasetDefinition dataset, DatasetFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        if (!ReferenceDatasets.IsReference(dataset))
        {
            await foreach (var row in ReadRowsAsync(dataset, BuildFilter(dataset, filter), null, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }

            yield break;
        }

        foreach (var r in await reference.ForAsync(dataset, cancellationToken).ConfigureAwait(false))
        {
            if ((filter.IndicatorCode is null || r["IndicatorCode"] is not string code || string.Equals(code, filter.IndicatorCode, StringComparison.OrdinalIgnoreCase))
                && (filter.Tier is null || r["Tier"] is not string tier || tier == filter.Tier)
                && (filter.Period is not { } period || ((r["ValidFrom"] is not DateOnly from || from <= period.Start) && (r["ValidTo"] is not DateOnly to || to >= period.Start))))
            {
                yield return r;
            }
        }
    }

    /// <summary>
    /// The rows of a dataset whose table rows match <paramref name="tableFilter"/> (an OData filter
    /// built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>), as served at
    /// <paramref name="asOf"/> (the first page's time, for the later pages of one paged read).
    /// </summary>
    public async IAsyncEnumerable<DatasetRow> ReadRowsAsync(DatasetDefinition dataset, string? tableFilter, DateTimeOffset? asOf, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (ReferenceDatasets.IsReference(dataset))
        {
            foreach (var row in await reference.ForAsync(dataset, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }

            yield break;
        }

        await foreach (var entity in ServedEntitiesAsync(dataset, tableFilter, asOf, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRow(dataset, entity);
        }
    }

    private async IAsyncEnumerable<TableEntity> ServedEntitiesAsync(DatasetDefinition dataset, string? tableFilter, DateTimeOffset? asOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var served = StorageNames.VersionedTables.Contains(dataset.Table) ? await versions.SnapshotAsync(cancellationToken).ConfigureAwait(false) : null;
        var table = account.Tables.GetTableClient(dataset.Table);
        await foreach (var entity in table.QueryAsync<TableEntity>(tableFilter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (served is not null && !served.IsServed(entity, asOf))
            {
                continue;
            }

            if (dataset.Table == StorageNames.BulletinsTable)
            {
                // The bulletin's text lives in its blobs, whatever its length; the row points to them.
                entity["Markdown"] = entity.GetString("MarkdownBlob") is { } markdown ? await bulletins.ReadAsync(markdown, cancellationToken).ConfigureAwait(false) : null;
                entity["Html"] = entity.GetString("HtmlBlob") is { } html ? await bulletins.ReadAsync(html, cancellationToken).ConfigureAwait(false) : null;
            }

            yield return entity;
        }
    }

    public static DatasetRow ToRow(DatasetDefinition dataset, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(entity);
        var values = new Dictionary<string, object?>(dataset.Fields.Count, StringComparer.Ordinal);
        foreach (var field in dataset.Fields)
        {
            values[field.Name] = DatasetValues.Get(entity, field);
        }

        return new DatasetRow(entity.PartitionKey, entity.RowKey, values);
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
                // From the bare period, so partitions keyed by the period alone (Uploads) fall in the range too.
                var from = period.ToString();
                var to = TableKeys.PeriodRange(period, period).To;
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
