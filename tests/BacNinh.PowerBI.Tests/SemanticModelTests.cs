using System.Globalization;
using BacNinh.Core.Datasets;

namespace BacNinh.PowerBI.Tests;

/// <summary>
/// Structural checks of the TMDL semantic model: one file per served set, read through OData with folding,
/// incremental refresh on facts, relationships to units, indicators and the date table, Vietnamese measures.
/// </summary>
public sealed class SemanticModelTests
{
    /// <summary>Sets the model reads before their issue lands in the catalog, with the contract's fields (§2a).</summary>
    private static readonly Dictionary<string, string[]> ContractOnlySets = new(StringComparer.Ordinal)
    {
        ["UnitLineage"] = ["Effective", "PredecessorCode", "PredecessorName", "SuccessorCode", "SuccessorName", "Kind", "Confidence", "Source"],
        ["ComparableObservations"] = ["Period", "AsOf", "IndicatorCode", "UnitCode", "UnitName", "Tier", "Numerator", "Denominator", "Rate", "Basis", "PredecessorsExpected", "PredecessorsReported", "LowestConfidence"],
    };

    /// <summary>The served sets leadership reads, each one table.</summary>
    public static TheoryData<string> LeadershipSets() =>
        ["Units", "Indicators", "Targets", "Observations", "TierAggregates", "GroupAggregates", "MissingReports", "ComparableObservations", "UnitLineage", "ReportingTimeliness", "ReportDiscrepancies"];

    /// <summary>Fact sets: refreshed incrementally by month.</summary>
    public static TheoryData<string> Facts() => [.. FactSets];

    private static readonly string[] FactSets = ["Observations", "TierAggregates", "GroupAggregates", "MissingReports", "ReportingTimeliness", "ComparableObservations", "ReportDiscrepancies"];

    private static readonly string[] DimensionKeys = ["Units.UnitCode", "Indicators.IndicatorCode", "Date.Date"];

    private readonly SemanticModel _model = SemanticModel.Load();

    private IEnumerable<TmdlObject> ServedTables => _model.Tables.Where(t => t.Name != "Date");

    private static string Source(TmdlObject table) => table.Children.Single(c => c.Kind == "partition").Properties["source"];

    [Fact]
    public void ModelLoadsEveryTableFileAndNamesNoMissingOne()
    {
        // No list of tables to keep in step: TMDL loads every file of tables/; a ref, if any, must name one.
        Assert.All(_model.References, r => Assert.Contains(_model.Tables, t => "table " + t.Name == r.Name));
        Assert.Equal("1600", _model.Database.Properties["compatibilityLevel"]);
        Assert.Equal("vi-VN", _model.Model.Properties["culture"]);
    }

    [Theory]
    [MemberData(nameof(LeadershipSets))]
    public void EveryLeadershipSetIsATable(string set)
    {
        Assert.Contains(_model.Tables, t => t.Name == set);
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
        foreach (var table in ServedTables)
        {
            var partition = Assert.Single(table.Children, c => c.Kind == "partition");
            Assert.Equal("m", partition.Expression);
            Assert.Contains("OData.Feed(BaseUrl, null, [Implementation = \"2.0\"])", Source(table), StringComparison.Ordinal);
            Assert.Contains($"[Name = \"{table.Name}\"", Source(table), StringComparison.Ordinal);

            // Folding: the row filter and the column choice come straight after the feed, before any step that runs locally.
            var steps = Source(table).Split('\n').Where(l => !l.StartsWith("//", StringComparison.Ordinal)).Select(l => l.Split('=', 2)[0].Trim()).ToList();
            var local = steps.FindIndex(s => s is "Latest" or "Entries" or "Columns" && Source(table).Contains($"{s} = Table.AddColumn", StringComparison.Ordinal));
            var selected = steps.FindIndex(s => Source(table).Contains($"{s} = Table.SelectColumns", StringComparison.Ordinal));
            Assert.True(selected >= 0, $"{table.Name} does not choose its columns.");
            Assert.True(local < 0 || local > selected, $"{table.Name} adds a column before choosing its columns.");
        }
    }

    [Theory]
    [MemberData(nameof(Facts))]
    public void FactsRefreshIncrementallyByMonth(string name)
    {
        var table = _model.Tables.Single(t => t.Name == name);
        var policy = Assert.Single(table.Children, c => c.Kind == "refreshPolicy");

        Assert.Equal("month", policy.Properties["incrementalGranularity"]);
        Assert.Equal(Source(table).Trim(), policy.Properties["sourceExpression"].Trim());
        var byDate = table.Children.Any(c => c.Kind == "column" && c.Name == "PeriodStart" && !c.Children.Any(a => a.Kind == "annotation"));
        if (byDate)
        {
            Assert.Contains("[PeriodStart] >= Date.From(RangeStart)", Source(table), StringComparison.Ordinal);
            Assert.Contains("[PeriodStart] < Date.From(RangeEnd)", Source(table), StringComparison.Ordinal);
        }
        else
        {
            // A set that names its month only as yyyy-MM folds the same window as text.
            Assert.Contains("[Period] >= Date.ToText(Date.From(RangeStart), \"yyyy-MM\")", Source(table), StringComparison.Ordinal);
            Assert.Contains("[Period] < Date.ToText(Date.From(RangeEnd), \"yyyy-MM\")", Source(table), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReferenceSetsAreReadWhole()
    {
        Assert.All(ServedTables.Where(t => !FactSets.Contains(t.Name)), t => Assert.DoesNotContain(t.Children, c => c.Kind == "refreshPolicy"));
    }

    [Fact]
    public void ColumnsAreFieldsOfTheServedDatasets()
    {
        foreach (var table in ServedTables)
        {
            var fields = ServedDatasets.Find(table.Name)?.Fields.Select(f => f.Name).ToArray() ?? ContractOnlySets.GetValueOrDefault(table.Name);
            Assert.True(fields is not null, $"{table.Name} is neither a served dataset nor a set of the contract.");
            var selected = Source(table);
            foreach (var column in table.Children.Where(c => c.Kind == "column"))
            {
                Assert.Equal(column.Name, column.Properties["sourceColumn"]);
                if (column.Children.Any(a => a.Kind == "annotation" && a.Name == "DerivedInQuery"))
                {
                    // Not served: the query adds it (PeriodStart from Period) after the folded steps.
                    Assert.Contains($"Table.AddColumn(Selected, \"{column.Name}\"", selected, StringComparison.Ordinal);
                    continue;
                }

                Assert.True(fields.Contains(column.Name), $"{table.Name}.{column.Name} is not a field of the {table.Name} dataset.");
                Assert.Contains($"\"{column.Name}\"", selected, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void FactsRelateToUnitsIndicatorsAndTheDateTable()
    {
        var links = _model.Relationships.Select(r => (r.Properties["fromColumn"], r.Properties["toColumn"])).ToList();

        foreach (var table in _model.Tables.Where(t => t.Name is not ("Units" or "Indicators" or "Date")))
        {
            foreach (var (column, target) in new[] { ("UnitCode", "Units.UnitCode"), ("IndicatorCode", "Indicators.IndicatorCode"), ("PeriodStart", "Date.Date") })
            {
                if (table.Children.Any(c => c.Kind == "column" && c.Name == column) && !(table.Name == "Targets" && column == "UnitCode"))
                {
                    Assert.Contains(($"{table.Name}.{column}", target), links);
                }
            }
        }

        Assert.Contains(("UnitLineage.SuccessorCode", "Units.UnitCode"), links);
        foreach (var (from, to) in links)
        {
            foreach (var end in new[] { from, to })
            {
                var parts = end.Split('.');
                Assert.Contains(_model.Tables.Single(t => t.Name == parts[0]).Children, c => c.Kind == "column" && c.Name == parts[1]);
            }
        }

        // Many-to-one onto a key: each dimension end is unique per row (one unit per code, one day per date).
        Assert.All(links, l => Assert.Contains(l.Item2, DimensionKeys));
    }

    [Fact]
    public void DateTableIsAMarkedCalendarWithMonthsInOrder()
    {
        var date = _model.Tables.Single(t => t.Name == "Date");

        Assert.Equal("Time", date.Properties["dataCategory"]);
        Assert.Equal("calculated", date.Children.Single(c => c.Kind == "partition").Expression);
        Assert.Contains("CALENDAR(DATE(2020, 1, 1)", Source(date), StringComparison.Ordinal);
        var key = date.Children.Single(c => c.Kind == "column" && c.Name == "Date");
        Assert.Equal("true", key.Properties["isKey"]);
        Assert.Equal("MonthStart", date.Children.Single(c => c.Kind == "column" && c.Name == "Month").Properties["sortByColumn"]);
    }

    [Theory]
    [InlineData("TierAggregates", "Tỷ lệ chung", 96.25, "96,25%")]
    [InlineData("TierAggregates", "Chỉ tiêu", 90, "90,00%")]
    [InlineData("TierAggregates", "Thay đổi so với tháng trước", 12.93, "+12,93%")]
    [InlineData("TierAggregates", "So với chỉ tiêu", -1.5, "-1,50%")]
    [InlineData("TierAggregates", "Số đơn vị đạt chỉ tiêu", 1234, "1.234")]
    [InlineData("Observations", "Tỷ lệ", 88.85, "88,85%")]
    [InlineData("ReportingTimeliness", "Tỷ lệ nộp đúng hạn 12 tháng", 91.6667, "91,67%")]
    [InlineData("ReportDiscrepancies", "Chênh lệch lớn nhất", 12, "12,00%")]
    [InlineData("ReportDiscrepancies", "Số chênh lệch báo cáo - hồ sơ", 1234, "1.234")]
    public void HeadlineMeasuresShowVietnameseNumbers(string table, string measure, double value, string shown)
    {
        var format = _model.Tables.Single(t => t.Name == table).Children.Single(c => c.Kind == "measure" && c.Name == measure).Properties["formatString"];

        // The model's culture is vi-VN; .NET custom formats read these format strings as Power BI does.
        Assert.Equal(shown, value.ToString(format, CultureInfo.GetCultureInfo("vi-VN")));
    }

    [Fact]
    public void EveryMeasureHasAVietnameseNameAFormatAndADescription()
    {
        var measures = _model.Tables.SelectMany(t => t.Children.Where(c => c.Kind == "measure").Select(m => (Table: t.Name, Measure: m))).ToList();

        Assert.True(measures.Count >= 20, $"{measures.Count} measures");
        foreach (var (table, measure) in measures)
        {
            Assert.True(measure.Name.Any(c => c > 127), $"{table}[{measure.Name}] is not named in Vietnamese.");
            Assert.True(measure.Properties.ContainsKey("formatString"), $"{table}[{measure.Name}] has no format.");
        }

        var file = File.ReadAllLines(Path.Combine(PowerBIProject.SemanticModel, "tables", "TierAggregates.tmdl"));
        Assert.All(file.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("\tmeasure ", StringComparison.Ordinal)), x => Assert.StartsWith("\t///", file[x.i - 1], StringComparison.Ordinal));
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
