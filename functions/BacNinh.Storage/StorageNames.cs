namespace BacNinh.Storage;

/// <summary>Containers, tables and queues of the product. The infrastructure templates create the same names.</summary>
public static class StorageNames
{
    public const string UploadsContainer = "uploads";
    public const string ReportsContainer = "upload-reports";
    public const string BulletinsContainer = "bulletins";
    public const string ReferenceContainer = "reference";

    /// <summary>One empty blob per month whose lease serialises that month's recomputations.</summary>
    public const string LocksContainer = "aggregation-locks";

    /// <summary>Dataset bodies as last written, served again as static bytes while their content is unchanged.</summary>
    public const string DatasetBodiesContainer = "dataset-bodies";

    /// <summary>The dossier ids current in each month received at its last recount (see <c>DossierIdSummaries</c>).</summary>
    public const string DossierIdsContainer = "dossier-ids";

    public const string AggregationQueue = "aggregation-requests";

    /// <summary>Where the queue trigger moves a request that keeps failing.</summary>
    public const string AggregationPoisonQueue = AggregationQueue + "-poison";

    /// <summary>Current figure per (period, indicator, unit), as ingested.</summary>
    public const string UnitValuesTable = "UnitValues";

    /// <summary>Every figure ever ingested, newest first per (period, indicator, unit).</summary>
    public const string UnitValueHistoryTable = "UnitValueHistory";

    public const string UploadsTable = "Uploads";
    public const string ObservationsTable = "Observations";
    public const string TierAggregatesTable = "TierAggregates";
    public const string GroupAggregatesTable = "GroupAggregates";
    public const string MissingReportsTable = "MissingReports";
    public const string BulletinsTable = "Bulletins";
    public const string ComparableObservationsTable = "ComparableObservations";

    /// <summary>Per unit and month: when its values arrived against the deadline (<c>ReportingTimeliness</c>).</summary>
    public const string ReportingTimelinessTable = "ReportingTimeliness";

    /// <summary>One row per dossier id and upload containing it (§2b); the newest upload's row is current.</summary>
    public const string DossierRecordsTable = "DossierRecords";

    /// <summary>Record-based figures per (period, indicator, unit), by month of receipt (see <c>DossierFigureStore</c>).</summary>
    public const string DossierFiguresTable = "DossierFigures";

    /// <summary>Per unit, month and indicator: typed rate against record rate where they differ by over a point.</summary>
    public const string ReportDiscrepanciesTable = "ReportDiscrepancies";

    /// <summary>Which computation of each month is served (see <c>MonthVersions</c>).</summary>
    public const string MonthVersionsTable = "MonthVersions";

    /// <summary>Tables whose rows belong to one computation of their month.</summary>
    public static IReadOnlyList<string> VersionedTables { get; } = [ObservationsTable, TierAggregatesTable, GroupAggregatesTable, MissingReportsTable, BulletinsTable, ComparableObservationsTable, ReportingTimelinessTable, ReportDiscrepanciesTable];

    /// <summary>Periods touched by ingestion and not yet recomputed by the nightly run.</summary>
    public const string PendingPeriodsTable = "PendingPeriods";

    /// <summary>How many times each uploaded blob version has been tried: a file that keeps failing ends as poison.</summary>
    public const string UploadAttemptsTable = "UploadAttempts";

    /// <summary>Each upload's blob version by upload id: how one upload is found without a scan.</summary>
    public const string UploadIndexTable = "UploadIndex";

    public static IReadOnlyList<string> Tables { get; } =
    [
        UnitValuesTable, UnitValueHistoryTable, UploadsTable, ObservationsTable, TierAggregatesTable,
        GroupAggregatesTable, MissingReportsTable, BulletinsTable, PendingPeriodsTable, UploadAttemptsTable, UploadIndexTable, MonthVersionsTable,
        ComparableObservationsTable, ReportingTimelinessTable, DossierRecordsTable, DossierFiguresTable, ReportDiscrepanciesTable,
    ];

    public static IReadOnlyList<string> Queues { get; } = [AggregationQueue, AggregationPoisonQueue];

    public static IReadOnlyList<string> Containers { get; } = [UploadsContainer, ReportsContainer, BulletinsContainer, ReferenceContainer, LocksContainer, DatasetBodiesContainer, DossierIdsContainer];
}
