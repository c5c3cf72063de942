using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.OData;
using static BacNinh.Functions.Tests.OData.Filters;

namespace BacNinh.Functions.Tests.OData;

public sealed class TablePushdownTests
{
    private static string? Build(DatasetDefinition dataset, string? filter, (string, string)? after = null) =>
        TablePushdown.Build(dataset, filter is null ? null : Parse(dataset, filter), after);

    [Fact]
    public void NoFilterQueriesTheWholeTable()
    {
        Assert.Null(Build(DatasetCatalog.Observations, null));
    }

    [Fact]
    public void OnePeriodAndIndicatorIsOneExactPartition()
    {
        Assert.Equal(
            "PartitionKey eq '2023-08_DOC_SIGNED' and IndicatorCode eq 'DOC_SIGNED'",
            Build(DatasetCatalog.Observations, "Period eq '2023-08' and IndicatorCode eq 'DOC_SIGNED'"));
    }

    [Theory]
    [InlineData("Period eq '2023-08'", "PartitionKey ge '2023-08' and PartitionKey lt '2023-08~'")]
    [InlineData("Period ge '2023-06' and Period lt '2023-09'", "PartitionKey ge '2023-06' and PartitionKey lt '2023-08~'")]
    [InlineData("Period gt '2023-12'", "PartitionKey ge '2024-01'")]
    [InlineData("'2023-08' ge Period", "PartitionKey lt '2023-08~'")]
    public void PeriodBoundsBecomeAPartitionKeyRange(string filter, string expected)
    {
        Assert.Equal(expected, Build(DatasetCatalog.Observations, filter));
    }

    [Theory]
    [InlineData("PeriodStart ge 2023-08-01 and PeriodStart lt 2023-10-01", "PartitionKey ge '2023-08' and PartitionKey lt '2023-09~'")]
    [InlineData("PeriodStart ge 2023-08-15", "PartitionKey ge '2023-09'")]
    [InlineData("PeriodStart le 2023-08-15", "PartitionKey lt '2023-08~'")]
    public void PeriodStartRangesAsIncrementalRefreshSendsThemBecomeMonthRanges(string filter, string expected)
    {
        Assert.Equal(expected, Build(DatasetCatalog.TierAggregates, filter));
    }

    [Fact]
    public void TierOfTierAggregatesIsTheRowKeyAndElsewhereAProperty()
    {
        Assert.Equal("RowKey eq 'commune'", Build(DatasetCatalog.TierAggregates, "Tier eq 'commune'"));
        Assert.Equal("Tier eq 'commune'", Build(DatasetCatalog.Observations, "Tier eq 'commune'"));
    }

    [Theory]
    [InlineData("Period eq '2023-08' or Tier eq 'commune'")]
    [InlineData("not (Period eq '2023-08')")]
    [InlineData("Rate gt 0.5")]
    public void TermsOutsideATopLevelAndAreLeftToTheEvaluator(string filter)
    {
        Assert.Null(Build(DatasetCatalog.Observations, filter));
    }

    [Fact]
    public void ValuesAreEscapedNotConcatenated()
    {
        Assert.Equal("Tier eq 'x'' or ''1'' eq ''1'", Build(DatasetCatalog.Observations, "Tier eq 'x'' or ''1'' eq ''1'"));
    }

    [Fact]
    public void ContinuationStartsAfterTheLastRowServed()
    {
        Assert.Equal(
            "RowKey eq 'all' and (PartitionKey gt '2023-08_DOC_SIGNED' or (PartitionKey eq '2023-08_DOC_SIGNED' and RowKey gt 'all'))",
            Build(DatasetCatalog.TierAggregates, "Tier eq 'all'", ("2023-08_DOC_SIGNED", "all")));
    }
}
