namespace BacNinh.Core.Datasets;

/// <summary>The datasets of the contract (§5), with their fields. Tables use the same field names.</summary>
public static class DatasetCatalog
{
    private static readonly DatasetField[] FactHead =
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("IndicatorCode", FieldKind.String, IsKey: true),
        new("Tier", FieldKind.String),
    ];

    private static readonly DatasetField[] AggregateFigures =
    [
        new("UnitsExpected", FieldKind.Int32),
        new("UnitsReporting", FieldKind.Int32),
        new("UnitsWithRate", FieldKind.Int32),
        new("MeanRate", FieldKind.Decimal),
        new("PooledRate", FieldKind.Decimal),
        new("HeadlineRate", FieldKind.Decimal),
        new("MinRate", FieldKind.Decimal),
        new("MaxRate", FieldKind.Decimal),
        new("UnitsAtFullRate", FieldKind.Int32),
        new("UnitsMeetingTarget", FieldKind.Int32),
        new("TargetRate", FieldKind.Decimal),
        new("MeetsTarget", FieldKind.Boolean),
        new("PreviousRate", FieldKind.Decimal),
        new("DeltaPoints", FieldKind.Decimal),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ];

    public static DatasetDefinition Observations { get; } = new("Observations", "Observations", true,
    [
        .. FactHead,
        new("UnitCode", FieldKind.String, IsKey: true),
        new("UnitName", FieldKind.String),
        new("ParentCode", FieldKind.String),
        new("ParentName", FieldKind.String),
        new("Numerator", FieldKind.Int64),
        new("Denominator", FieldKind.Int64),
        new("Rate", FieldKind.Decimal),
        new("TargetRate", FieldKind.Decimal),
        new("MeetsTarget", FieldKind.Boolean),
        new("PreviousRate", FieldKind.Decimal),
        new("DeltaPoints", FieldKind.Decimal),
        new("RankInTier", FieldKind.Int32),
        new("FullOnline", FieldKind.Int64),
        new("PartialOnline", FieldKind.Int64),
        new("InPerson", FieldKind.Int64),
        new("Postal", FieldKind.Int64),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);

    public static DatasetDefinition TierAggregates { get; } = new("TierAggregates", "TierAggregates", true,
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("IndicatorCode", FieldKind.String, IsKey: true),
        new("Tier", FieldKind.String, IsKey: true),
        .. AggregateFigures,
    ]);

    public static DatasetDefinition GroupAggregates { get; } = new("GroupAggregates", "GroupAggregates", true,
    [
        .. FactHead,
        new("ParentCode", FieldKind.String, IsKey: true),
        new("ParentName", FieldKind.String),
        .. AggregateFigures,
    ]);

    public static DatasetDefinition MissingReports { get; } = new("MissingReports", "MissingReports", true,
    [
        .. FactHead,
        new("UnitCode", FieldKind.String, IsKey: true),
        new("UnitName", FieldKind.String),
        new("ParentCode", FieldKind.String),
        new("ParentName", FieldKind.String),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);

    public static DatasetDefinition Uploads { get; } = new("Uploads", "Uploads", true,
    [
        new("UploadId", FieldKind.String, IsKey: true),
        new("BlobPath", FieldKind.String),
        new("Period", FieldKind.String),
        new("PeriodStart", FieldKind.Date),
        new("Status", FieldKind.String),
        new("RowsRead", FieldKind.Int32),
        new("RowsAccepted", FieldKind.Int32),
        new("RowsRejected", FieldKind.Int32),
        new("ProblemCount", FieldKind.Int32),
        new("Indicators", FieldKind.String),
        new("ReportPath", FieldKind.String),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);

    public static DatasetDefinition Bulletins { get; } = new("Bulletins", "Bulletins", true,
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("Title", FieldKind.String),
        new("Markdown", FieldKind.String),
        new("Html", FieldKind.String),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);

    /// <summary>
    /// Each month's figures restated for the units in force on <c>AsOf</c> (contract §2a), and per tier
    /// over a territory (then <c>UnitCode</c> is the territory's code): the trend line across both reorganizations.
    /// </summary>
    public static DatasetDefinition ComparableObservations { get; } = new("ComparableObservations", "ComparableObservations", true,
    [
        new("Period", FieldKind.String, IsKey: true),
        new("PeriodStart", FieldKind.Date),
        new("IndicatorCode", FieldKind.String, IsKey: true),
        new("Tier", FieldKind.String, IsKey: true),
        new("UnitCode", FieldKind.String, IsKey: true),
        new("AsOf", FieldKind.Date),
        new("UnitName", FieldKind.String),
        new("Numerator", FieldKind.Int64),
        new("Denominator", FieldKind.Int64),
        new("Rate", FieldKind.Decimal),
        new("Basis", FieldKind.String),
        new("PredecessorsExpected", FieldKind.Int32),
        new("PredecessorsReported", FieldKind.Int32),
        new("LowestConfidence", FieldKind.String),
        new("UpdatedAt", FieldKind.DateTimeOffset),
    ]);

    public static IReadOnlyList<DatasetDefinition> All { get; } = [Observations, TierAggregates, GroupAggregates, MissingReports, Uploads, Bulletins, ComparableObservations, ReportingTimelinessDataset.Definition, DossierDatasets.ReportDiscrepancies];

    public static DatasetDefinition? Find(string? name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
