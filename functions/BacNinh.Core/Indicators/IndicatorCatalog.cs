using System.Text.Json;
using System.Text.Json.Serialization;

namespace BacNinh.Core.Indicators;

/// <summary>The indicators and the header texts that identify their columns. Data, not code.</summary>
public sealed class IndicatorCatalog
{
    private readonly Dictionary<string, Indicator> _byCode;

    public IndicatorCatalog(CommonColumns columns, IEnumerable<Indicator> indicators)
    {
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        Indicators = [.. indicators];
        _byCode = Indicators.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
    }

    public CommonColumns Columns { get; }

    public IReadOnlyList<Indicator> Indicators { get; }

    public Indicator? Find(string? code) =>
        code is not null && _byCode.TryGetValue(code.Trim(), out var indicator) ? indicator : null;

    public static IndicatorCatalog Load(Stream json)
    {
        var document = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDocument)
            ?? throw new InvalidDataException("The indicator catalog is empty.");
        var c = document.Columns;
        var columns = new CommonColumns(
            Spec("Unit", c.Unit), Spec("UnitCode", c.UnitCode), Spec("Parent", c.Parent),
            Spec("Rate", c.Rate), Spec("IndicatorCode", c.IndicatorCode), Spec("Period", c.Period));
        var indicators = document.Indicators.Select(i => new Indicator(
            i.Code,
            i.Name,
            string.Equals(i.Headline, "pooled", StringComparison.OrdinalIgnoreCase) ? HeadlineRule.Pooled : HeadlineRule.Mean,
            new ColumnSpec("Numerator", i.Numerator.Name, i.Numerator.Synonyms),
            new ColumnSpec("Denominator", i.Denominator.Name, i.Denominator.Synonyms),
            [.. i.Breakdowns.Select(b => new ColumnSpec(b.Key ?? b.Name, b.Name, b.Synonyms))],
            string.Equals(i.Source, "records", StringComparison.OrdinalIgnoreCase) ? IndicatorSource.Records : IndicatorSource.Reports,
            i.RecordsCurrent ?? string.Equals(i.Source, "records", StringComparison.OrdinalIgnoreCase)));
        return new IndicatorCatalog(columns, indicators);

        static ColumnSpec Spec(string key, IReadOnlyList<string> synonyms) => new(key, synonyms.Count > 0 ? synonyms[0] : key, synonyms);
    }

    internal sealed record CatalogDocument(ColumnsDocument Columns, IReadOnlyList<IndicatorDocument> Indicators);

    internal sealed record ColumnsDocument(
        IReadOnlyList<string> Unit,
        IReadOnlyList<string> UnitCode,
        IReadOnlyList<string> Parent,
        IReadOnlyList<string> Rate,
        IReadOnlyList<string> IndicatorCode,
        IReadOnlyList<string> Period);

    internal sealed record IndicatorDocument(
        string Code,
        string Name,
        string Headline,
        ColumnDocument Numerator,
        ColumnDocument Denominator,
        IReadOnlyList<ColumnDocument> Breakdowns,
        string? Source = null,
        bool? RecordsCurrent = null);

    internal sealed record ColumnDocument(string? Key, string Name, IReadOnlyList<string> Synonyms);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(IndicatorCatalog.CatalogDocument))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
