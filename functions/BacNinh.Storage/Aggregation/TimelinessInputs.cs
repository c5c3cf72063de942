using System.Globalization;
using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Core.Timeliness;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// What reporting timeliness is computed from: every value each upload carried (<c>UnitValueHistory</c>,
/// whose row keys hold the upload time) and the month's uploads (<c>Uploads</c>: folder, time, rows rejected).
/// </summary>
public class TimelinessInputs(StorageAccount account)
{
    private static readonly string[] ArrivalColumns = ["RowKey", "Period", "IndicatorCode", "UnitCode", "UploadId", "Numerator", "Denominator", "Rate"];
    private static readonly string[] UploadColumns = ["UploadId", "Folder", "UploadedAt", "RowsRejected"];

    private readonly TableClient _history = account.Tables.GetTableClient(StorageNames.UnitValueHistoryTable);
    private readonly TableClient _uploads = account.Tables.GetTableClient(StorageNames.UploadsTable);

    /// <summary>Every value uploaded for <paramref name="months"/>, each month one key range of the history.</summary>
    public virtual async Task<IReadOnlyList<ValueArrival>> ListArrivalsAsync(IEnumerable<Period> months, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(months);
        var arrivals = new List<ValueArrival>();
        foreach (var month in months)
        {
            var (from, to) = TableKeys.PeriodRange(month, month);
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
            await foreach (var row in _history.QueryAsync<TableEntity>(filter, select: ArrivalColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString("UploadId") is not { } uploadId || row.GetString("UnitCode") is not { } unit || row.GetString("IndicatorCode") is not { } indicator)
                {
                    continue;
                }

                arrivals.Add(new ValueArrival(month, indicator, unit, uploadId, UploadedAt(row.RowKey, uploadId), row.GetInt64("Numerator"), row.GetInt64("Denominator"), DecimalText.Parse(row.GetString("Rate"))));
            }
        }

        return arrivals;
    }

    /// <summary>The uploads of <paramref name="period"/> that have a report (pending ones have rejected nothing yet).</summary>
    public virtual async Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(Period period, CancellationToken cancellationToken = default)
    {
        var uploads = new List<UploadRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Safe(period.ToString())}");
        await foreach (var row in _uploads.QueryAsync<TableEntity>(filter, select: UploadColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("UploadId") is { } id && row.GetString("Folder") is { } folder && row.GetDateTimeOffset("UploadedAt") is { } at)
            {
                uploads.Add(new UploadRecord(id, folder, at, row.GetInt32("RowsRejected") ?? 0));
            }
        }

        return uploads;
    }

    /// <summary>History row keys are <c>{unit}_{MaxTicks − upload ticks, 19 digits}_{uploadId}</c> (newest first).</summary>
    private static DateTimeOffset UploadedAt(string rowKey, string uploadId)
    {
        var end = rowKey.Length - uploadId.Length - 1;
        var newestFirst = long.Parse(rowKey.AsSpan(end - 19, 19), CultureInfo.InvariantCulture);
        return new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - newestFirst, TimeSpan.Zero);
    }
}
