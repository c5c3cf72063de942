using System.Text.Json.Nodes;

namespace BacNinh.PowerBI.Tests;

/// <summary>The report pages of the seed article, bound to fields that exist in the semantic model.</summary>
public sealed class ReportPagesTests
{
    [Fact]
    public void PagesAreTheArticlesViewsInOrder()
    {
        var pages = PowerBIProject.ReadJson(Path.Combine(PowerBIProject.Report, "pages", "pages.json"));

        Assert.Equal(["tiers", "trend", "belowTarget"], pages["pageOrder"]!.AsArray().Select(p => p!.GetValue<string>()));
        foreach (var page in pages["pageOrder"]!.AsArray())
        {
            Assert.True(File.Exists(Path.Combine(PowerBIProject.Report, "pages", page!.GetValue<string>(), "page.json")));
        }
    }

    [Fact]
    public void EachTierHasABarChartSortedByRateAndColouredByCompliance()
    {
        var bars = PowerBIProject.Visuals().Where(v => v.Page == "tiers").Select(v => v.Visual).ToList();

        Assert.Equal(3, bars.Count);
        var tiers = new List<string>();
        foreach (var bar in bars)
        {
            Assert.Equal("barChart", bar["visual"]!["visualType"]!.GetValue<string>());
            var sort = bar["visual"]!["query"]!["sortDefinition"]!["sort"]![0]!;
            Assert.Equal("Descending", sort["direction"]!.GetValue<string>());
            Assert.Equal("Tỷ lệ", sort["field"]!["Measure"]!["Property"]!.GetValue<string>());
            var fill = bar["visual"]!["objects"]!["dataPoint"]![0]!["properties"]!["fill"]!["solid"]!["color"]!["expr"]!["Measure"]!["Property"]!;
            Assert.Equal("Màu đạt chỉ tiêu", fill.GetValue<string>());
            tiers.Add(bar["filterConfig"]!["filters"]![0]!["filter"]!["Where"]![0]!["Condition"]!["In"]!["Values"]![0]![0]!["Literal"]!["Value"]!.GetValue<string>());
        }

        Assert.Equal(["'commune'", "'district'", "'province'"], tiers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TrendIsALineByMonthPerTier()
    {
        var line = Assert.Single(PowerBIProject.Visuals(), v => v.Page == "trend").Visual;

        Assert.Equal("lineChart", line["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal("PeriodStart", line["visual"]!["query"]!["queryState"]!["Category"]!["projections"]![0]!["field"]!["Column"]!["Property"]!.GetValue<string>());
        Assert.Equal("Tier", line["visual"]!["query"]!["queryState"]!["Series"]!["projections"]![0]!["field"]!["Column"]!["Property"]!.GetValue<string>());
    }

    [Fact]
    public void BelowTargetListsUnitsThatMissTheirTarget()
    {
        var table = Assert.Single(PowerBIProject.Visuals(), v => v.Page == "belowTarget").Visual;
        var filter = table["filterConfig"]!["filters"]![0]!;

        Assert.Equal("tableEx", table["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal("MeetsTarget", filter["field"]!["Column"]!["Property"]!.GetValue<string>());
        Assert.Equal("false", filter["filter"]!["Where"]![0]!["Condition"]!["In"]!["Values"]![0]![0]!["Literal"]!["Value"]!.GetValue<string>());
    }

    [Fact]
    public void EveryFieldTheReportUsesExistsInTheModel()
    {
        var model = SemanticModel.Load();
        foreach (var (_, file, visual) in PowerBIProject.Visuals())
        {
            foreach (var (kind, entity, property) in PowerBIProject.FieldReferences(visual))
            {
                var table = Assert.Single(model.Tables, t => t.Name == entity);
                Assert.True(table.Children.Any(c => c.Kind == (kind == "Column" ? "column" : "measure") && c.Name == property), $"{file}: {entity}.{property} is not a {kind} of the model.");
            }
        }
    }
}
