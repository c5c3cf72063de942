using BacNinh.Core.Datasets;

namespace BacNinh.PowerBI.Tests;

/// <summary>Structural checks of the TMDL semantic model: OData source, incremental refresh, relationships.</summary>
public sealed class SemanticModelTests
{
    private readonly SemanticModel _model = SemanticModel.Load();

    [Fact]
    public void ModelReferencesEveryTableFile()
    {
        var refs = _model.References.Select(c => c.Name).ToList();

        Assert.Equal(_model.Tables.Select(t => "table " + t.Name).Order(StringComparer.Ordinal), refs.Order(StringComparer.Ordinal));
        Assert.Equal("1600", _model.Database.Properties["compatibilityLevel"]);
    }

    [Fact]
    public void BaseUrlAndRefreshRangeAreParameters()
    {
        foreach (var name in new[] { "BaseUrl", "RangeStart", "RangeEnd" })
        {
            var expression = Assert.Single(_model.Expressions, e => e.Name == name);
            Assert.Contains("IsParameterQuery = true", expression.Expression, StringComparison.Ordinal);
        }

        Assert.Contains("Type = \"DateTime\"", _model.Expressions.Single(e => e.Name == "RangeStart").Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTableReadsTheApiThroughODataFeed()
    {
        foreach (var table in _model.Tables)
        {
            var partition = Assert.Single(table.Children, c => c.Kind == "partition");
            Assert.Equal("m", partition.Expression);
            Assert.Contains("OData.Feed(BaseUrl", partition.Properties["source"], StringComparison.Ordinal);
            Assert.Contains($"[Name = \"{table.Name}\"", partition.Properties["source"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Observations")]
    [InlineData("TierAggregates")]
    public void FactsRefreshIncrementallyOnPeriodStart(string name)
    {
        var table = _model.Tables.Single(t => t.Name == name);
        var policy = Assert.Single(table.Children, c => c.Kind == "refreshPolicy");
        var source = table.Children.Single(c => c.Kind == "partition").Properties["source"];

        Assert.Equal("month", policy.Properties["incrementalGranularity"]);
        foreach (var text in new[] { source, policy.Properties["sourceExpression"] })
        {
            Assert.Contains("[PeriodStart] >= Date.From(RangeStart)", text, StringComparison.Ordinal);
            Assert.Contains("[PeriodStart] < Date.From(RangeEnd)", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ColumnsAreFieldsOfTheServedDatasets()
    {
        foreach (var table in _model.Tables)
        {
            var dataset = ServedDatasets.Find(table.Name);
            Assert.NotNull(dataset);
            foreach (var column in table.Children.Where(c => c.Kind == "column"))
            {
                Assert.True(dataset.Find(column.Name) is not null, $"{table.Name}.{column.Name} is not a field of the {dataset.Name} dataset.");
                Assert.Equal(column.Name, column.Properties["sourceColumn"]);
            }
        }
    }

    [Fact]
    public void FactsRelateToUnitsAndIndicators()
    {
        var links = _model.Relationships.Select(r => (r.Properties["fromColumn"], r.Properties["toColumn"])).ToList();

        Assert.Contains(("Observations.UnitCode", "Units.UnitCode"), links);
        Assert.Contains(("Observations.IndicatorCode", "Indicators.IndicatorCode"), links);
        Assert.Contains(("TierAggregates.IndicatorCode", "Indicators.IndicatorCode"), links);
        foreach (var (from, to) in links)
        {
            foreach (var end in new[] { from, to })
            {
                var parts = end.Split('.');
                Assert.Contains(_model.Tables.Single(t => t.Name == parts[0]).Children, c => c.Kind == "column" && c.Name == parts[1]);
            }
        }
    }
}

/// <summary>The semantic model's TMDL files, parsed.</summary>
public sealed record SemanticModel(TmdlObject Database, TmdlObject Model, IReadOnlyList<TmdlObject> References, IReadOnlyList<TmdlObject> Tables, IReadOnlyList<TmdlObject> Expressions, IReadOnlyList<TmdlObject> Relationships)
{
    public static SemanticModel Load()
    {
        var folder = PowerBIProject.SemanticModel;
        var tables = Directory.GetFiles(Path.Combine(folder, "tables"), "*.tmdl").Select(f =>
        {
            var table = Assert.Single(TmdlObject.Parse(f));
            Assert.Equal("table", table.Kind);
            Assert.Equal(Path.GetFileNameWithoutExtension(f), table.Name);
            return table;
        }).ToList();
        var model = TmdlObject.Parse(Path.Combine(folder, "model.tmdl"));
        return new SemanticModel(
            Assert.Single(TmdlObject.Parse(Path.Combine(folder, "database.tmdl"))),
            Assert.Single(model, o => o.Kind == "model"),
            [.. model.Where(o => o.Kind == "ref")],
            tables,
            TmdlObject.Parse(Path.Combine(folder, "expressions.tmdl")),
            TmdlObject.Parse(Path.Combine(folder, "relationships.tmdl")));
    }
}
