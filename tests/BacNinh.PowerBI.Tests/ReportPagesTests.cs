using System.Text.Json.Nodes;

namespace BacNinh.PowerBI.Tests;

/// <summary>The report's pages, the ones a leader opens first, each bound to fields that exist in the semantic model.</summary>
public sealed class ReportPagesTests
{
    /// <summary>Every page and its visuals, in page order: a page or visual added or removed must be added or removed here.</summary>
    public static readonly IReadOnlyList<(string Page, string DisplayName, string[] Visuals)> Pages =
    [
        ("overview", "Tổng quan", ["slicer_month", "slicer_indicator", "card_units_meeting", "card_missing", "headline_table", "headline_vs_target", "group_bars"]),
        ("tiers", "Xếp hạng theo cấp", ["slicer_month", "slicer_indicator", "bars_province", "bars_district", "bars_commune"]),
        ("belowTarget", "Đơn vị chưa đạt chỉ tiêu", ["slicer_month", "slicer_indicator", "targets_table", "below_count", "below_table"]),
        ("timeliness", "Báo cáo thiếu và muộn", ["slicer_month", "slicer_indicator", "card_late", "card_missing_after_deadline", "missing_table", "late_table", "on_time_share"]),
        ("trend", "Xu hướng", ["slicer_month", "slicer_indicator", "trend_line", "comparable_line", "lineage_table"]),
        ("dataQuality", "Chất lượng số liệu", ["slicer_month", "slicer_indicator", "corrections_bar", "rejected_bar", "comparable_basis_table", "discrepancy_table"]),
    ];

    private static JsonNode Visual(string page, string name) =>
        Assert.Single(PowerBIProject.Visuals(), v => v.Page == page && v.Visual["name"]!.GetValue<string>() == name).Visual;

    private static IEnumerable<string> Fields(JsonNode visual, string role) =>
        visual["visual"]!["query"]!["queryState"]![role]!["projections"]!.AsArray().Select(p => p!["queryRef"]!.GetValue<string>());

    private static string FilterValue(JsonNode filter) =>
        filter["filter"]!["Where"]![0]!["Condition"]!["In"]!["Values"]![0]![0]!["Literal"]!["Value"]!.GetValue<string>();

    [Fact]
    public void PagesAreTheOnesALeaderOpensFirstInOrder()
    {
        var pages = PowerBIProject.ReadJson(Path.Combine(PowerBIProject.Report, "pages", "pages.json"));

        Assert.Equal(Pages.Select(p => p.Page), pages["pageOrder"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("overview", pages["activePageName"]!.GetValue<string>());
        Assert.Equal(Pages.Select(p => p.Page).Order(StringComparer.Ordinal), Directory.GetDirectories(Path.Combine(PowerBIProject.Report, "pages")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (page, displayName, visuals) in Pages)
        {
            var json = PowerBIProject.ReadJson(Path.Combine(PowerBIProject.Report, "pages", page, "page.json"));
            Assert.Equal(page, json["name"]!.GetValue<string>());
            Assert.Equal(displayName, json["displayName"]!.GetValue<string>());
            Assert.Equal(visuals.Order(StringComparer.Ordinal), PowerBIProject.Visuals().Where(v => v.Page == page).Select(v => v.Visual["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("overview")]
    [InlineData("tiers")]
    [InlineData("belowTarget")]
    [InlineData("timeliness")]
    [InlineData("trend")]
    [InlineData("dataQuality")]
    public void EveryPageHasTheMonthAndIndicatorSlicersSyncedAcrossPages(string page)
    {
        foreach (var (name, field, group) in new[] { ("slicer_month", "Date.Month", "month"), ("slicer_indicator", "Indicators.IndicatorName", "indicator") })
        {
            var slicer = Visual(page, name);
            Assert.Equal("slicer", slicer["visual"]!["visualType"]!.GetValue<string>());
            Assert.Equal([field], Fields(slicer, "Values"));
            Assert.Equal(group, slicer["visual"]!["syncGroup"]!["groupName"]!.GetValue<string>());
            Assert.True(slicer["visual"]!["syncGroup"]!["filterChanges"]!.GetValue<bool>());
        }
    }

    [Fact]
    public void OverviewShowsHeadlineAgainstTargetChangeAndUnitsMeetingTargetPerIndicatorAndTier()
    {
        var table = Visual("overview", "headline_table");

        Assert.Equal("tableEx", table["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal(
            ["Indicators.IndicatorName", "TierAggregates.Tier", "TierAggregates.Tỷ lệ chung", "TierAggregates.Chỉ tiêu", "TierAggregates.So với chỉ tiêu", "TierAggregates.Thay đổi so với tháng trước", "TierAggregates.Số đơn vị đạt chỉ tiêu", "TierAggregates.Số đơn vị báo cáo", "TierAggregates.Số đơn vị phải báo cáo"],
            Fields(table, "Values"));
        Assert.Equal(["TierAggregates.Tỷ lệ chung", "TierAggregates.Chỉ tiêu"], Fields(Visual("overview", "headline_vs_target"), "Y"));
        Assert.Equal(["GroupAggregates.ParentName"], Fields(Visual("overview", "group_bars"), "Category"));
    }

    [Fact]
    public void EachTierHasABarChartSortedByRateAndColouredByCompliance()
    {
        var tiers = new List<string>();
        foreach (var name in new[] { "bars_province", "bars_district", "bars_commune" })
        {
            var bar = Visual("tiers", name);
            Assert.Equal("barChart", bar["visual"]!["visualType"]!.GetValue<string>());
            var sort = bar["visual"]!["query"]!["sortDefinition"]!["sort"]![0]!;
            Assert.Equal("Descending", sort["direction"]!.GetValue<string>());
            Assert.Equal("Tỷ lệ", sort["field"]!["Measure"]!["Property"]!.GetValue<string>());
            var fill = bar["visual"]!["objects"]!["dataPoint"]![0]!["properties"]!["fill"]!["solid"]!["color"]!["expr"]!["Measure"]!["Property"]!;
            Assert.Equal("Màu đạt chỉ tiêu", fill.GetValue<string>());
            tiers.Add(FilterValue(bar["filterConfig"]!["filters"]![0]!));
        }

        Assert.Equal(["'commune'", "'district'", "'province'"], tiers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BelowTargetListsUnitsThatMissTheirTargetBesideTheTargetsAndTheirSources()
    {
        var table = Visual("belowTarget", "below_table");
        var filter = table["filterConfig"]!["filters"]![0]!;

        Assert.Equal("tableEx", table["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal("MeetsTarget", filter["field"]!["Column"]!["Property"]!.GetValue<string>());
        Assert.Equal("false", FilterValue(filter));
        Assert.Contains("Targets.Source", Fields(Visual("belowTarget", "targets_table"), "Values"));
    }

    [Fact]
    public void MissingAndLateReportsComeFromMissingReportsAndReportingTimeliness()
    {
        Assert.Contains("MissingReports.UnitName", Fields(Visual("timeliness", "missing_table"), "Values"));
        var late = Visual("timeliness", "late_table");
        Assert.Equal(
            ["ReportingTimeliness.UnitName", "ReportingTimeliness.Tier", "ReportingTimeliness.Period", "ReportingTimeliness.Deadline", "ReportingTimeliness.FirstUploadAt", "ReportingTimeliness.DaysLate", "ReportingTimeliness.OnTimeShare"],
            Fields(late, "Values"));
        var filters = late["filterConfig"]!["filters"]!.AsArray().ToDictionary(f => f!["field"]!["Column"]!["Property"]!.GetValue<string>(), f => FilterValue(f!));
        Assert.Equal("false", filters["OnTime"]);
        Assert.Equal("false", filters["Missing"]);
        Assert.Equal(["ReportingTimeliness.Tỷ lệ nộp đúng hạn 12 tháng"], Fields(Visual("timeliness", "on_time_share"), "Y"));
    }

    [Fact]
    public void TrendsCoverTheWholeHistoryWithComparableFiguresAcrossReorganizations()
    {
        var line = Visual("trend", "trend_line");
        Assert.Equal("lineChart", line["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal(["TierAggregates.PeriodStart"], Fields(line, "Category"));
        Assert.Equal(["TierAggregates.Tier"], Fields(line, "Series"));
        Assert.Equal(["ComparableObservations.Tỷ lệ so sánh được"], Fields(Visual("trend", "comparable_line"), "Y"));
        Assert.Contains("UnitLineage.SuccessorName", Fields(Visual("trend", "lineage_table"), "Values"));

        // The month slicer stays in sync on this page but does not cut the history to one month.
        var page = PowerBIProject.ReadJson(Path.Combine(PowerBIProject.Report, "pages", "trend", "page.json"));
        var unfiltered = page["visualInteractions"]!.AsArray().Where(i => i!["source"]!.GetValue<string>() == "slicer_month" && i["type"]!.GetValue<string>() == "NoFilter").Select(i => i!["target"]!.GetValue<string>());
        Assert.Equal(["comparable_line", "lineage_table", "trend_line"], unfiltered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DataQualityShowsCorrectionsRejectedRowsAndHowComparableFiguresWereMade()
    {
        Assert.Equal(["ReportingTimeliness.Số lần sửa số liệu"], Fields(Visual("dataQuality", "corrections_bar"), "Y"));
        Assert.Equal(["ReportingTimeliness.Số dòng bị loại"], Fields(Visual("dataQuality", "rejected_bar"), "Y"));
        Assert.Contains("ComparableObservations.Basis", Fields(Visual("dataQuality", "comparable_basis_table"), "Values"));
    }

    [Fact]
    public void DataQualityListsTypedRatesThatDisagreeWithDossierRecordsLargestFirst()
    {
        var table = Visual("dataQuality", "discrepancy_table");

        Assert.Equal("tableEx", table["visual"]!["visualType"]!.GetValue<string>());
        Assert.Equal(
            ["ReportDiscrepancies.UnitName", "ReportDiscrepancies.Period", "ReportDiscrepancies.ReportedRate", "ReportDiscrepancies.RecordRate", "ReportDiscrepancies.DifferencePoints", "ReportDiscrepancies.ReportedNumerator", "ReportDiscrepancies.ReportedDenominator", "ReportDiscrepancies.RecordNumerator", "ReportDiscrepancies.RecordDenominator"],
            Fields(table, "Values"));
        var sort = table["visual"]!["query"]!["sortDefinition"]!["sort"]![0]!;
        Assert.Equal(("DifferencePoints", "Descending"), (sort["field"]!["Column"]!["Property"]!.GetValue<string>(), sort["direction"]!.GetValue<string>()));
    }

    [Fact]
    public void EveryFieldTheReportUsesExistsInTheModel()
    {
        var model = SemanticModel.Load();
        var checkedFields = 0;
        foreach (var (_, file, visual) in PowerBIProject.Visuals())
        {
            foreach (var (kind, entity, property) in PowerBIProject.FieldReferences(visual))
            {
                var table = Assert.Single(model.Tables, t => t.Name == entity);
                Assert.True(table.Children.Any(c => c.Kind == (kind == "Column" ? "column" : "measure") && c.Name == property), $"{file}: {entity}.{property} is not a {kind} of the model.");
                checkedFields++;
            }
        }

        Assert.True(checkedFields > 100, $"Only {checkedFields} field references were found in the report.");
    }

    [Fact]
    public void EveryTableOfTheModelIsShownOnSomePage()
    {
        var model = SemanticModel.Load();
        var used = PowerBIProject.Visuals().SelectMany(v => PowerBIProject.FieldReferences(v.Visual)).Select(r => r.Entity).ToHashSet(StringComparer.Ordinal);

        Assert.All(model.Tables, t => Assert.Contains(t.Name, used));
    }
}
