using Azure.Data.Tables;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Units;
using BacNinh.Storage.Datasets;

namespace BacNinh.Storage.Aggregation;

/// <summary>
/// Writes a month's <c>ReportDiscrepancies</c> rows (§2b) under the computation's version, beside the month's
/// other results, so they switch in with them (<see cref="MonthVersions"/>) and retire with them (<see cref="AggregationStore.RetireAsync"/>).
/// </summary>
public class ReportDiscrepancyStore(StorageAccount account)
{
    private readonly TableClient _table = account.Tables.GetTableClient(StorageNames.ReportDiscrepanciesTable);

    public virtual async Task SaveAsync(IEnumerable<ReportDiscrepancy> rows, DateTimeOffset updatedAt, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(version);
        await MonthVersions.WriteVersionedAsync(_table, rows.Select(r => Entity(r, updatedAt)), version, cancellationToken).ConfigureAwait(false);
    }

    public static TableEntity Entity(ReportDiscrepancy r, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new TableEntity(TableKeys.PeriodIndicator(r.Period, r.IndicatorCode), TableKeys.Safe(r.UnitCode))
        {
            ["Period"] = r.Period.ToString(),
            ["PeriodStart"] = ObservationEntities.PeriodStart(r.Period),
            ["IndicatorCode"] = r.IndicatorCode,
            ["UnitCode"] = r.UnitCode,
            ["UnitName"] = r.UnitName,
            ["Tier"] = r.Tier.ToName(),
            ["ReportedRate"] = DecimalText.Format(r.ReportedRate),
            ["RecordRate"] = DecimalText.Format(r.RecordRate),
            ["DifferencePoints"] = DecimalText.Format(r.DifferencePoints),
            ["ReportedNumerator"] = r.ReportedNumerator,
            ["ReportedDenominator"] = r.ReportedDenominator,
            ["RecordNumerator"] = r.RecordNumerator,
            ["RecordDenominator"] = r.RecordDenominator,
            ["UpdatedAt"] = updatedAt,
        };
    }
}
