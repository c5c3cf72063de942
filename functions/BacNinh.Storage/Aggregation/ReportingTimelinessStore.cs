using Azure.Data.Tables;
using BacNinh.Core.Periods;
using BacNinh.Core.Timeliness;
using BacNinh.Storage.Datasets;
using BacNinh.Core.Units;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Writes a month's <c>ReportingTimeliness</c> rows under the computation's version, beside the month's other
/// results, so they switch in with them (<see cref="MonthVersions"/>) and retire with them (<see cref="AggregationStore.RetireAsync"/>).
/// </summary>
public class ReportingTimelinessStore(StorageAccount account)
{
    /// <summary>The second half of the partition key: the month's rows are one partition, after the month as every served set.</summary>
    public const string PartitionSuffix = "UNITS";

    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.ReportingTimelinessTable);

    public virtual async Task SaveAsync(Period period, IReadOnlyCollection<UnitTimeliness> rows, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(version);
        await MonthVersions.WriteVersionedAsync(_table, rows.Select(r => Entity(r, updatedAt)), version, cancellationToken).ConfigureAwait(false);
    }

    public static TableEntity Entity(UnitTimeliness r, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new TableEntity(TableKeys.PeriodIndicator(r.Period, PartitionSuffix), TableKeys.Safe(r.UnitCode))
        {
            ["Period"] = r.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(r.Period),
            ["UnitCode"] = r.UnitCode,
            ["UnitName"] = r.UnitName,
            ["Tier"] = r.Tier.ToName(),
            ["ParentCode"] = r.ParentCode,
            ["ParentName"] = r.ParentName,
            ["Deadline"] = r.Deadline,
            ["FirstUploadAt"] = r.FirstUploadAt,
            ["LastUploadAt"] = r.LastUploadAt,
            ["OnTime"] = r.OnTime,
            ["DaysLate"] = r.DaysLate,
            ["Corrections"] = r.Corrections,
            ["RowsRejected"] = r.RowsRejected,
            ["Missing"] = r.Missing,
            ["OnTimeShare"] = DecimalText.Format(r.OnTimeShare),
            ["UpdatedAt"] = updatedAt,
        };
    }
}
