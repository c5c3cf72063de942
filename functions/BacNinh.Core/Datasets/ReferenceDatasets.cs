namespace BacNinh.Core.Datasets;

/// <summary>
/// The reference data (unit registry, indicator catalog, targets, lineage) served as datasets. They are read
/// from <c>ReferenceData</c>, not from a table; their <see cref="DatasetDefinition.Table"/> is empty.
/// </summary>
public static class ReferenceDatasets
{
    public static DatasetDefinition Units { get; } = new("Units", string.Empty, false,
    [
        new("UnitCode", FieldKind.String, IsKey: true),
        new("ValidFrom", FieldKind.Date, IsKey: true),
        new("ValidTo", FieldKind.Date),
        new("UnitName", FieldKind.String),
        new("ShortName", FieldKind.String),
        new("Tier", FieldKind.String),
        new("ParentCode", FieldKind.String),
        new("ParentName", FieldKind.String),
        new("Aliases", FieldKind.String),
    ]);

    public static DatasetDefinition Indicators { get; } = new("Indicators", string.Empty, false,
    [
        new("IndicatorCode", FieldKind.String, IsKey: true),
        new("IndicatorName", FieldKind.String),
        new("Headline", FieldKind.String),
        new("NumeratorName", FieldKind.String),
        new("DenominatorName", FieldKind.String),
    ]);

    public static DatasetDefinition Targets { get; } = new("Targets", string.Empty, false,
    [
        new("TargetId", FieldKind.String, IsKey: true),
        new("IndicatorCode", FieldKind.String),
        new("Tier", FieldKind.String),
        new("UnitCode", FieldKind.String),
        new("TargetRate", FieldKind.Decimal),
        new("ValidFrom", FieldKind.Date),
        new("ValidTo", FieldKind.Date),
        new("Source", FieldKind.String),
    ]);

    /// <summary>The reorganizations' edges (contract §2a): which unit became which, when, and how sure that is.</summary>
    public static DatasetDefinition UnitLineage { get; } = new("UnitLineage", string.Empty, false,
    [
        new("LineageId", FieldKind.String, IsKey: true),
        new("Effective", FieldKind.Date),
        new("PredecessorCode", FieldKind.String),
        new("PredecessorName", FieldKind.String),
        new("SuccessorCode", FieldKind.String),
        new("SuccessorName", FieldKind.String),
        new("Kind", FieldKind.String),
        new("Confidence", FieldKind.String),
        new("Source", FieldKind.String),
    ]);

    public static IReadOnlyList<DatasetDefinition> All { get; } = [Units, Indicators, Targets, UnitLineage];

    public static bool IsReference(DatasetDefinition dataset) => All.Contains(dataset);
}
