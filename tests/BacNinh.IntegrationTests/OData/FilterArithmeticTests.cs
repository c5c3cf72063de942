using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Functions.Serving.OData;
using Microsoft.OData.UriParser;

namespace BacNinh.IntegrationTests.OData;

/// <summary>
/// The feed's own arithmetic on what a client sends, without a host: <c>$filter</c> numbers and
/// <c>$skiptoken</c> values that overflow are a 400 (<see cref="ODataQueryException"/>) or have
/// an answer, never an unhandled exception.
/// </summary>
public sealed class FilterArithmeticTests
{
    private static readonly Uri ServiceRoot = new("http://localhost/api/odata/");

    private static readonly DatasetRow Observation = new("2023-08_DOC_SIGNED", "U01", new Dictionary<string, object?>
    {
        ["Period"] = "2023-08",
        ["UnitName"] = "Sở Tài chính",
        ["Numerator"] = 40L,
        ["Denominator"] = 50L,
        ["Rate"] = 80m,
        ["RankInTier"] = 3,
    });

    [Theory]
    [InlineData("Rate mul 10000000000000000000000000000 gt 0")]
    [InlineData("Rate mul 900000000000000000000000000 add Rate mul 900000000000000000000000000 gt 0")]
    [InlineData("-Rate mul 900000000000000000000000000 sub Rate mul 900000000000000000000000000 lt 0")]
    [InlineData("Rate div 0.0000000000000000000000000001 gt 0")]
    [InlineData("Numerator mul 9223372036854775807 mul 9223372036854775807 gt 0")]
    public void DecimalArithmeticThatOverflowsIsABadRequest(string filter)
    {
        var error = Assert.Throws<ODataQueryException>(() => FilterEvaluator.Matches(Parse(filter), Observation));

        Assert.Equal(("ArithmeticOverflow", 400), (error.Code, error.StatusCode));
    }

    [Theory]
    [InlineData("length(UnitName) mul 1e300 gt 0", true)]
    [InlineData("length(UnitName) mul -1e300 gt 0", false)]
    [InlineData("Rate div 0 eq 1", false)]
    [InlineData("Rate mod 0.0000000000000000000000000001 eq 0", true)]
    [InlineData("substring(UnitName, 2147483647, 2147483647) eq ''", true)]
    [InlineData("substring(UnitName, -2147483648) eq 'Sở Tài chính'", true)]
    [InlineData("indexof(UnitName, 'x') add 2147483647 gt 0", true)]
    public void ArithmeticBeyondDecimalOrIntHasAnAnswer(string filter, bool matches)
    {
        Assert.Equal(matches, FilterEvaluator.Matches(Parse(filter), Observation));
    }

    [Fact]
    public void NumbersBeyondDecimalCompareAsDoubles()
    {
        Assert.True(FilterEvaluator.Compare(80m, 1e300) < 0);
        Assert.True(FilterEvaluator.Compare(-1e300, 80m) < 0);
        Assert.True(FilterEvaluator.Compare(80m, double.PositiveInfinity) < 0);
        Assert.Equal(0, FilterEvaluator.Compare(double.NaN, double.NaN));
    }

    [Theory]
    [InlineData("RankInTier", "99999999999")]
    [InlineData("Numerator", "99999999999999999999999")]
    [InlineData("Rate", "1e400")]
    [InlineData("Rate", "NaN")]
    public void SkipTokenValuesBeyondTheirFieldAreABadRequest(string field, string value)
    {
        var token = new SkipToken("2023-08_DOC_SIGNED", "U01", [value]);

        var error = Assert.Throws<ODataQueryException>(() => token.OrderValue(0, DatasetCatalog.Observations.Find(field)!));

        Assert.Equal(("InvalidSkipToken", 400), (error.Code, error.StatusCode));
    }

    private static SingleValueNode Parse(string filter)
    {
        var model = DatasetEdmModel.Build(ServedDatasets.All);
        var parser = new ODataUriParser(model, ServiceRoot, new Uri(ServiceRoot, "Observations?$filter=" + Uri.EscapeDataString(filter)));
        parser.ParsePath();
        var expression = parser.ParseFilter().Expression;
        FilterEvaluator.Validate(expression);
        return expression;
    }
}
