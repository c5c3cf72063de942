namespace BacNinh.Core.Datasets;

/// <summary>
/// The datasets that come from dossier records (§2b), served with the others (<see cref="DatasetCatalog.All"/>);
/// each month's recomputation writes them beside its other results.
/// </summary>
public static class DossierDatasets
{
    /// <summary>Each unit-month-indicator whose typed rate differs from its record rate by more than one point.</summary>
    public static DatasetDefinition ReportDiscrepancies { get; } = new("ReportDiscrepancies", "ReportDiscrepancies", true,
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("IndicatorCode", FieldKind.String, IsKey: true),
        new("UnitCode", FieldKind.String, IsKey: true),
        new("UnitName", FieldKind.String),
        new("Tier", FieldKind.String),
        new("ReportedRate", FieldKind.Decimal),
        new("RecordRate", FieldKind.Decimal),
        new("DifferencePoints", FieldKind.Decimal),
        new("ReportedNumerator", FieldKind.Int64),
        new("ReportedDenominator", FieldKind.Int64),
        new("RecordNumerator", FieldKind.Int64),
        new("RecordDenominator", FieldKind.Int64),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);
}
