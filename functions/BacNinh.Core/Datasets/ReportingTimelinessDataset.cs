namespace BacNinh.Core.Datasets;

/// <summary>
/// <c>ReportingTimeliness</c> (contract §4): per unit and month, when its values first and last arrived
/// against the month's deadline, how often they were corrected, the rows rejected in its uploads, whether it
/// is still missing, and its on-time share over the last 12 months. Computed with the month's aggregation.
/// </summary>
public static class ReportingTimelinessDataset
{
    public static DatasetDefinition Definition { get; } = new("ReportingTimeliness", "ReportingTimeliness", true,
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("UnitCode", FieldKind.String, IsKey: true),
        new("UnitName", FieldKind.String),
        new("Tier", FieldKind.String),
        new("ParentCode", FieldKind.String),
        new("ParentName", FieldKind.String),
        new("Deadline", FieldKind.DateTimeOffset),
        new("FirstUploadAt", FieldKind.DateTimeOffset),
        new("LastUploadAt", FieldKind.DateTimeOffset),
        new("OnTime", FieldKind.Boolean),
        new("DaysLate", FieldKind.Int32),
        new("Corrections", FieldKind.Int32),
        new("RowsRejected", FieldKind.Int32),
        new("Missing", FieldKind.Boolean),
        new("OnTimeShare", FieldKind.Decimal),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);
}
