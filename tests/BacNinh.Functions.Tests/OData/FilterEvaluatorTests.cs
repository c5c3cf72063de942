using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.OData;
using static BacNinh.Functions.Tests.OData.Filters;

namespace BacNinh.Functions.Tests.OData;

public sealed class FilterEvaluatorTests
{
    private static readonly Functions.Serving.Datasets.DatasetRow Row = Observation(
        ("Period", "2023-08"),
        ("PeriodStart", new DateOnly(2023, 8, 1)),
        ("IndicatorCode", "DOC_SIGNED"),
        ("Tier", "commune"),
        ("UnitName", "Xã Tam Sơn"),
        ("Numerator", 96L),
        ("Denominator", 100L),
        ("Rate", 0.96m),
        ("TargetRate", null),
        ("MeetsTarget", true),
        ("RankInTier", 3),
        ("UpdatedAt", new DateTimeOffset(2023, 9, 1, 1, 0, 0, TimeSpan.Zero)));

    private static bool Matches(string filter)
    {
        var node = Parse(DatasetCatalog.Observations, filter);
        FilterEvaluator.Validate(node);
        return FilterEvaluator.Matches(node, Row);
    }

    [Theory]
    [InlineData("Tier eq 'commune'", true)]
    [InlineData("Tier ne 'commune'", false)]
    [InlineData("Rate ge 0.96", true)]
    [InlineData("Rate gt 0.96", false)]
    [InlineData("Numerator lt Denominator", true)]
    [InlineData("RankInTier le 3 and MeetsTarget", true)]
    [InlineData("Tier eq 'province' or Rate lt 1", true)]
    [InlineData("not (Tier eq 'commune')", false)]
    [InlineData("Numerator div Denominator eq 0.96", true)]
    [InlineData("Numerator add 4 eq Denominator", true)]
    [InlineData("-Numerator eq -96", true)]
    [InlineData("Tier in ('province', 'commune')", true)]
    [InlineData("Tier in ('province', 'district')", false)]
    public void ComparisonsLogicAndArithmeticFollowODataSemantics(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("contains(UnitName, 'Tam')", true)]
    [InlineData("startswith(UnitName, 'Xã')", true)]
    [InlineData("endswith(UnitName, 'tam sơn')", false)]
    [InlineData("tolower(UnitName) eq 'xã tam sơn'", true)]
    [InlineData("length(Tier) eq 7", true)]
    [InlineData("substring(Period, 0, 4) eq '2023'", true)]
    [InlineData("indexof(Period, '-') eq 4", true)]
    [InlineData("concat(IndicatorCode, '!') eq 'DOC_SIGNED!'", true)]
    public void StringFunctionsAreOrdinal(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("PeriodStart eq 2023-08-01", true)]
    [InlineData("PeriodStart lt 2023-08-01", false)]
    [InlineData("year(PeriodStart) eq 2023 and month(PeriodStart) eq 8 and day(PeriodStart) eq 1", true)]
    [InlineData("UpdatedAt gt 2023-09-01T00:00:00Z", true)]
    [InlineData("month(UpdatedAt) eq 9", true)]
    public void DatesCompareAsDatesAndInstants(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("TargetRate eq null", true)]
    [InlineData("TargetRate ne null", false)]
    [InlineData("TargetRate gt 0.5", false)]
    [InlineData("TargetRate lt 0.5", false)]
    [InlineData("TargetRate add 1 eq 1", false)]
    public void NullEqualsOnlyNullAndNeverOrders(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Fact]
    public void DivisionByZeroMatchesNothing()
    {
        Assert.False(Matches("Numerator div 0 eq 0"));
    }

    [Theory]
    [InlineData("matchesPattern(UnitName, '^X')", "matchesPattern")]
    [InlineData("round(Rate) eq 1", "round")]
    public void UnsupportedNodesAreRefusedNotGuessed(string filter, string named)
    {
        var node = Parse(DatasetCatalog.Observations, filter);

        var error = Assert.Throws<ODataQueryException>(() => FilterEvaluator.Validate(node));

        Assert.Equal("UnsupportedFilter", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareSortsNullFirstAndNumbersAcrossTypes()
    {
        Assert.True(FilterEvaluator.Compare(null, 0m) < 0);
        Assert.Equal(0, FilterEvaluator.Compare(null, null));
        Assert.Equal(0, FilterEvaluator.Compare(3, 3.0m));
        Assert.True(FilterEvaluator.Compare(2L, 10) < 0);
        Assert.True(FilterEvaluator.Compare("B", "a") < 0);
        Assert.Throws<ODataQueryException>(() => FilterEvaluator.Compare("1", true));
    }
}
