using System.Globalization;
using BacNinh.Core.Indicators;
using BacNinh.Core.Targets;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using Sylvan.Data.Csv;

namespace BacNinh.Core.Reference;

/// <summary>
/// The product's configuration data: unit registry, indicator catalog, targets and the uploader
/// registry. Shipped defaults are embedded (the uploaders are generated from the units); an
/// administrator replaces any of them by uploading a file.
/// </summary>
public sealed record ReferenceData(UnitRegistry Units, IndicatorCatalog Indicators, TargetBook Targets)
{
    public const string UnitsFile = "units.csv";
    public const string IndicatorsFile = "indicators.json";
    public const string TargetsFile = "targets.csv";
    public const string UploadersFile = "uploaders.csv";

    private readonly UploaderRegistry? _uploaders;
    private (UnitRegistry Units, UploaderRegistry Uploaders)? _generated;

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

            if (_generated is not { } generated || !ReferenceEquals(generated.Units, Units))
            {
                _generated = generated = (Units, UploaderRegistry.DefaultFor(Units));
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

    private static CsvDataReader OpenCsv(Stream csv) =>
        CsvDataReader.Create(new StreamReader(csv, leaveOpen: true), new CsvDataReaderOptions { HasHeaders = true });

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string value) =>
        string.IsNullOrWhiteSpace(value) ? null : DateOnly.ParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
