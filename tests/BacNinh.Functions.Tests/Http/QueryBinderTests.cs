using BacNinh.Core.Periods;
using BacNinh.Functions.Http;
using static BacNinh.Functions.Tests.Http.Requests;

namespace BacNinh.Functions.Tests.Http;

public sealed class QueryBinderTests
{
    [Theory]
    [InlineData("2023-08", true)]
    [InlineData("2023-8", false)]
    [InlineData("2023-13", false)]
    [InlineData("2023-08' or '", false)]
    [InlineData(null, false)]
    public void ARoutePeriodIsWrittenYearDashMonth(string? text, bool valid)
    {
        var bound = QueryBinder.TryPeriod(text, out var period, out var problem);

        Assert.Equal(valid, bound);
        Assert.Equal(valid, problem is null);
        if (valid)
        {
            Assert.Equal(new Period(2023, 8), period);
        }
    }

    [Fact]
    public async Task AnInvalidPeriodIsABadRequestWithTheOneMessage()
    {
        Assert.False(QueryBinder.TryOptionalPeriod(Context("?period=August").Request, out _, out var problem));

        var response = await ExecuteAsync(problem);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(QueryBinder.InvalidPeriod, Json(response).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?period=")]
    [InlineData("?other=1")]
    public void AnAbsentOrEmptyOptionalPeriodIsNull(string query)
    {
        Assert.True(QueryBinder.TryOptionalPeriod(Context(query).Request, out var period, out _));
        Assert.Null(period);
    }

    [Fact]
    public void TheDatasetFilterTakesPeriodIndicatorAndTierInTheirStoredCase()
    {
        Assert.True(QueryBinder.TryDatasetFilter(Context("?period=2023-08&indicator=doc_signed&tier=Commune").Request, out var filter, out _));

        Assert.Equal(new Period(2023, 8), filter.Period);
        Assert.Equal("DOC_SIGNED", filter.IndicatorCode);
        Assert.Equal("commune", filter.Tier);
    }

    [Theory]
    [InlineData("?tier=ward")]
    [InlineData("?tier=province'%20or%20''%20eq%20'")]
    [InlineData("?period=2023-08&tier=ward")]
    [InlineData("?period=bad&tier=commune")]
    public async Task AnUnknownTierOrBadPeriodFailsTheWholeFilter(string query)
    {
        Assert.False(QueryBinder.TryDatasetFilter(Context(query).Request, out var filter, out var problem));
        Assert.Null(filter);

        var response = await ExecuteAsync(problem);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(Json(response).GetProperty("detail").GetString(), new[] { QueryBinder.InvalidPeriod, QueryBinder.InvalidTier });
    }

    [Fact]
    public void AllIsATierScope()
    {
        Assert.True(QueryBinder.TryOptionalTier(Context("?tier=all").Request, out var tier, out _));
        Assert.Equal("all", tier);
    }
}
