using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// A dataset's rows: table sets from their table as served (<see cref="DatasetTable"/>), against the
/// months' pointers shared by the process's requests (<see cref="ServedSnapshots"/>, no storage round
/// trip per request), reference sets from the reference data.
/// </summary>
public sealed class DatasetReader(DatasetTable table, ServedSnapshots snapshots, ReferenceRows reference)
{
    /// <summary>The served table rows of the simple <c>period</c>/<c>indicator</c>/<c>tier</c> filter.</summary>
    public async IAsyncEnumerable<TableEntity> ReadAsync(DatasetDefinition dataset, DatasetFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = await QueryAsync(dataset, filter, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.ReadAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }

    /// <summary>
    /// Opens a read for the simple filter: its content version is known before any row is read, and the
    /// rows streamed afterwards are those of that version. A versioned set's read also comes month by month.
    /// Its rows are read to the end even if the caller leaves: other requests may be waiting for the body.
    /// </summary>
    /// <param name="served">The months' pointers to serve; the process's shared snapshot when null (requests).</param>
    public async Task<DatasetRead> OpenAsync(DatasetDefinition dataset, DatasetFilter filter, CancellationToken cancellationToken = default, ServedVersions? served = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        if (ReferenceDatasets.IsReference(dataset))
        {
            // The whole set's digest: the filter is part of every ETag and body name already.
            var set = await reference.SetAsync(dataset, cancellationToken).ConfigureAwait(false);
            return new DatasetRead(set.Fingerprint, set.Rows.Where(r => Matches(r, filter)).ToAsyncEnumerable());
        }

        var query = await QueryAsync(dataset, filter, cancellationToken, served).ConfigureAwait(false);
        if (query.Served is not { } pointers)
        {
            return new DatasetRead(await table.KeysFingerprintAsync(query, cancellationToken).ConfigureAwait(false), ReadRowsAsync(query, CancellationToken.None));
        }

        var version = ServedSnapshot.VersionOf(pointers, filter.Period, null);
        if (!dataset.PeriodPartitioned)
        {
            return new DatasetRead(version, ReadRowsAsync(query, CancellationToken.None));
        }

        // Month by month, each with the version of its own content: the rows are the same as one read's.
        var parts = await table.Months(query, cancellationToken: cancellationToken)
            .Select(m => new DatasetPart(m, ServedSnapshot.VersionOf(pointers, m, null), ReadRowsAsync(query.Within(m), CancellationToken.None)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DatasetRead(version, parts.ToAsyncEnumerable().SelectMany(p => p.Rows), parts);
    }

    /// <summary>The served rows of <paramref name="query"/>; every row of a reference set.</summary>
    public async IAsyncEnumerable<DatasetRow> ReadRowsAsync(DatasetQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (ReferenceDatasets.IsReference(query.Dataset))
        {
            foreach (var row in await reference.ForAsync(query.Dataset, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }

            yield break;
        }

        if (!Typed(query.Dataset))
        {
            await foreach (var entity in table.ReadAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return ToRow(query.Dataset, entity);
            }

            yield break;
        }

        var layout = StoredRowLayout.For(query.Dataset);
        await foreach (var row in table.ReadRowsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRow(layout, row);
        }
    }

    /// <summary>One page of served rows that match <paramref name="predicate"/> (<see cref="DatasetTable.ReadPageAsync"/>).</summary>
    public Task<(List<DatasetRow> Rows, bool More)> ReadPageAsync(DatasetQuery query, Func<DatasetRow, bool>? predicate, int skip, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Typed(query.Dataset))
        {
            return table.ReadPageAsync(query, e => ToRow(query.Dataset, e) is var row && (predicate is null || predicate(row)) ? row : null, skip, count, cancellationToken);
        }

        var layout = StoredRowLayout.For(query.Dataset);
        return table.ReadRowPageAsync(query, r => ToRow(layout, r) is var row && (predicate is null || predicate(row)) ? row : null, skip, count, cancellationToken);
    }

    public static DatasetRow ToRow(StoredRowLayout layout, StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new DatasetRow(row.PartitionKey, row.RowKey, new FieldValues(layout, row.Values));
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

    /// <summary>Read as typed rows from storage's JSON; bulletins as entities, their text being in blobs.</summary>
    private static bool Typed(DatasetDefinition dataset) => dataset.Table != StorageNames.BulletinsTable;

    private async Task<DatasetQuery> QueryAsync(DatasetDefinition dataset, DatasetFilter filter, CancellationToken cancellationToken, ServedVersions? served = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(filter);
        served = !DatasetTable.IsVersioned(dataset) ? null : served ?? (await snapshots.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Served;
        return new DatasetQuery(dataset) { TableFilter = filter.TableFilter(dataset), Served = served, From = filter.Period, To = filter.Period };
    }

    private static bool Matches(DatasetRow r, DatasetFilter filter) =>
        (filter.IndicatorCode is null || r["IndicatorCode"] is not string code || string.Equals(code, filter.IndicatorCode, StringComparison.OrdinalIgnoreCase))
        && (filter.Tier is null || r["Tier"] is not string tier || tier == filter.Tier)
        && (filter.Period is not { } period || ((r["ValidFrom"] is not DateOnly from || from <= period.Start) && (r["ValidTo"] is not DateOnly to || to >= period.Start)));
}
