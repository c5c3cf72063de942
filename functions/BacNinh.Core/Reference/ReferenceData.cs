using System.Globalization;
using BacNinh.Core.Indicators;
using BacNinh.Core.Lineage;
using BacNinh.Core.Targets;
using BacNinh.Core.Timeliness;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using Sylvan.Data.Csv;

namespace BacNinh.Core.Reference;

/// <summary>
/// The product's configuration data: unit registry, indicator catalog, targets and the uploader
/// registry, with the reorganizations' lineage, the coordinating departments and the territories
/// (contract §2a). Shipped defaults are embedded (the uploaders are generated from the units and
/// the coordinators); an administrator replaces the first four and the reporting deadlines by uploading a file.
/// </summary>
public sealed record ReferenceData(UnitRegistry Units, IndicatorCatalog Indicators, TargetBook Targets)
{
    public const string UnitsFile = "units.csv";
    public const string IndicatorsFile = "indicators.json";
    public const string TargetsFile = "targets.csv";
    public const string UploadersFile = "uploaders.csv";
    public const string LineageFile = "lineage.csv";
    public const string AgencyLineageFile = "agency-lineage.csv";
    public const string CoordinatorsFile = "coordinators.csv";
    public const string TerritoriesFile = "territories.csv";

    private static readonly Lazy<(UnitLineage Lineage, IReadOnlyList<Uploader> Coordinators, IReadOnlyList<Territory> Territories)> Embedded = new(() =>
    {
        using var communes = OpenDefault(LineageFile);
        using var agencies = OpenDefault(AgencyLineageFile);
        using var coordinators = OpenDefault(CoordinatorsFile);
        using var territories = OpenDefault(TerritoriesFile);
        return (new UnitLineage([.. LoadLineage(communes), .. LoadLineage(agencies)]), LoadCoordinators(coordinators), LoadTerritories(territories));
    });

    private static readonly Lazy<ReportingDeadlines> EmbeddedDeadlines = new(ReportingDeadlines.LoadDefaults);

    private readonly UploaderRegistry? _uploaders;
    private (UnitRegistry Units, IReadOnlyList<Uploader> Coordinators, UploaderRegistry Uploaders)? _generated;

    /// <summary>Every edge of both reorganizations: the communes' (2024 and 2025 rounds) and the provincial agencies' (early 2025).</summary>
    public UnitLineage Lineage { get; init; } = Embedded.Value.Lineage;

    /// <summary>The coordinating department's folder (scope <c>all</c>) and the agency it is, by month: <c>so-tttt</c>, then <c>so-khcn</c>.</summary>
    public IReadOnlyList<Uploader> Coordinators { get; init; } = Embedded.Value.Coordinators;

    /// <summary>The territories comparable tier figures are stated over: old Bắc Ninh and the new province.</summary>
    public IReadOnlyList<Territory> Territories { get; init; } = Embedded.Value.Territories;

    /// <summary>When each month's figures are due (<c>reporting-deadlines.csv</c>, replaceable like the targets).</summary>
    public ReportingDeadlines Deadlines { get; init; } = EmbeddedDeadlines.Value;

    /// <summary>
    /// Who may upload for which units. Unless set (a replaced <c>uploaders.csv</c>), generated from
    /// <see cref="Units"/>, and again whenever a copy is made with other units.
    /// </summary>
    public UploaderRegistry Uploaders
    {
        get
        {
            if (_uploaders is { } set)
            {
                return set;
            }

            if (_generated is not { } generated || !ReferenceEquals(generated.Units, Units) || !ReferenceEquals(generated.Coordinators, Coordinators))
            {
                _generated = generated = (Units, Coordinators, UploaderRegistry.DefaultFor(Units, Coordinators));
            }

            return generated.Uploaders;
        }

        init => _uploaders = value;
    }

    public static ReferenceData LoadDefaults()
    {
        using var units = OpenDefault(UnitsFile);
        using var indicators = OpenDefault(IndicatorsFile);
        using var targets = OpenDefault(TargetsFile);
        return new ReferenceData(LoadUnits(units), IndicatorCatalog.Load(indicators), LoadTargets(targets));
    }

    /// <summary>
    /// The first day of the structure in force on <paramref name="today"/>: the latest date on or before it
    /// when a unit began or ended or a reorganization took effect. Comparable figures are stated as of it,
    /// so a recomputation on another day with the same registry writes the same rows.
    /// </summary>
    public DateOnly StructureSince(DateOnly today)
    {
        var changes = Units.All.Select(u => u.ValidFrom)
            .Concat(Units.All.Where(u => u.ValidTo is not null && u.ValidTo.Value < DateOnly.MaxValue).Select(u => u.ValidTo!.Value.AddDays(1)))
            .Concat(Lineage.Edges.Select(e => e.Effective))
            .Where(d => d <= today)
            .ToList();
        return changes.Count == 0 ? today : changes.Max();
    }

    public static Stream OpenDefault(string fileName) =>
        typeof(ReferenceData).Assembly.GetManifestResourceStream("BacNinh.Reference." + fileName)
        ?? throw new InvalidOperationException($"Embedded reference file '{fileName}' is missing.");

    /// <summary>Columns: code, tier, parent_code, full_name, short_name, aliases (|-separated), valid_from, valid_to.</summary>
    public static UnitRegistry LoadUnits(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var units = new List<Unit>();
        while (reader.Read())
        {
            var tierName = reader.GetString(reader.GetOrdinal("tier"));
            if (!TierNames.TryParse(tierName, out var tier))
            {
                throw new InvalidDataException($"units.csv row {units.Count + 2}: unknown tier '{tierName}'.");
            }

            units.Add(new Unit(
                reader.GetString(reader.GetOrdinal("code")).Trim(),
                tier,
                NullIfEmpty(reader.GetString(reader.GetOrdinal("parent_code"))),
                reader.GetString(reader.GetOrdinal("full_name")).Trim(),
                reader.GetString(reader.GetOrdinal("short_name")).Trim(),
                [.. reader.GetString(reader.GetOrdinal("aliases")).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                ParseDate(reader.GetString(reader.GetOrdinal("valid_from"))) ?? DateOnly.MinValue,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_to")))));
        }

        return new UnitRegistry(units);
    }

    /// <summary>Columns: indicator, tier, unit_code (empty for a tier target), target, valid_from, valid_to, source.</summary>
    public static TargetBook LoadTargets(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var targets = new List<Target>();
        while (reader.Read())
        {
            var tierName = reader.GetString(reader.GetOrdinal("tier"));
            if (!TierNames.TryParse(tierName, out var tier))
            {
                throw new InvalidDataException($"targets.csv row {targets.Count + 2}: unknown tier '{tierName}'.");
            }

            targets.Add(new Target(
                reader.GetString(reader.GetOrdinal("indicator")).Trim(),
                tier,
                NullIfEmpty(reader.GetString(reader.GetOrdinal("unit_code"))),
                decimal.Parse(reader.GetString(reader.GetOrdinal("target")), NumberStyles.Number, CultureInfo.InvariantCulture),
                ParseDate(reader.GetString(reader.GetOrdinal("valid_from"))) ?? DateOnly.MinValue,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_to"))),
                reader.GetString(reader.GetOrdinal("source")).Trim()));
        }

        return new TargetBook(targets);
    }

    /// <summary>Columns: folder, unit_code, group_id (Entra ID object id, may be empty), scope (self|children|all), valid_from, valid_to.</summary>
    public static UploaderRegistry LoadUploaders(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var uploaders = new List<Uploader>();
        while (reader.Read())
        {
            var row = uploaders.Count + 2;
            var scopeName = reader.GetString(reader.GetOrdinal("scope")).Trim();
            if (!Enum.TryParse<UploaderScope>(scopeName, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
            {
                throw new InvalidDataException($"uploaders.csv row {row}: unknown scope '{scopeName}' (self, children or all).");
            }

            var folder = reader.GetString(reader.GetOrdinal("folder")).Trim();
            if (folder.Length == 0 || folder.Contains('/', StringComparison.Ordinal) || folder is "." or "..")
            {
                throw new InvalidDataException($"uploaders.csv row {row}: '{folder}' is not a folder name.");
            }

            uploaders.Add(new Uploader(
                folder,
                reader.GetString(reader.GetOrdinal("unit_code")).Trim(),
                NullIfEmpty(reader.GetString(reader.GetOrdinal("group_id"))),
                scope,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_from"))) ?? DateOnly.MinValue,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_to")))));
        }

        return new UploaderRegistry(uploaders);
    }

    /// <summary>Columns: effective, old_province, old_code, old_name, new_code, new_name, kind, source, confidence.</summary>
    public static IReadOnlyList<LineageEdge> LoadLineage(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var edges = new List<LineageEdge>();
        while (reader.Read())
        {
            edges.Add(new LineageEdge(
                ParseDate(reader.GetString(reader.GetOrdinal("effective"))) ?? throw new InvalidDataException($"lineage row {edges.Count + 2}: no effective date."),
                NullIfEmpty(reader.GetString(reader.GetOrdinal("old_province"))),
                reader.GetString(reader.GetOrdinal("old_code")).Trim(),
                reader.GetString(reader.GetOrdinal("old_name")).Trim(),
                reader.GetString(reader.GetOrdinal("new_code")).Trim(),
                reader.GetString(reader.GetOrdinal("new_name")).Trim(),
                reader.GetString(reader.GetOrdinal("kind")).Trim(),
                reader.GetString(reader.GetOrdinal("source")).Trim(),
                reader.GetString(reader.GetOrdinal("confidence")).Trim()));
        }

        return edges;
    }

    /// <summary>Columns: folder, unit_code, valid_from, valid_to, source. Each row is an uploader of scope <c>all</c>.</summary>
    public static IReadOnlyList<Uploader> LoadCoordinators(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var coordinators = new List<Uploader>();
        while (reader.Read())
        {
            coordinators.Add(new Uploader(
                reader.GetString(reader.GetOrdinal("folder")).Trim(),
                reader.GetString(reader.GetOrdinal("unit_code")).Trim(),
                null,
                UploaderScope.All,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_from"))) ?? DateOnly.MinValue,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_to")))));
        }

        return coordinators;
    }

    /// <summary>Columns: code, name, valid_from, valid_to, source.</summary>
    public static IReadOnlyList<Territory> LoadTerritories(Stream csv)
    {
        using var reader = OpenCsv(csv);
        var territories = new List<Territory>();
        while (reader.Read())
        {
            territories.Add(new Territory(
                reader.GetString(reader.GetOrdinal("code")).Trim(),
                reader.GetString(reader.GetOrdinal("name")).Trim(),
                ParseDate(reader.GetString(reader.GetOrdinal("valid_from"))) ?? DateOnly.MinValue,
                ParseDate(reader.GetString(reader.GetOrdinal("valid_to"))),
                reader.GetString(reader.GetOrdinal("source")).Trim()));
        }

        return territories;
    }

    private static CsvDataReader OpenCsv(Stream csv) =>
        CsvDataReader.Create(new StreamReader(csv, leaveOpen: true), new CsvDataReaderOptions { HasHeaders = true });

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string value) =>
        string.IsNullOrWhiteSpace(value) ? null : DateOnly.ParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
