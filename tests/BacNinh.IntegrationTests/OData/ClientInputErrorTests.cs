using System.Net;
using System.Text;
using System.Text.Json;

namespace BacNinh.IntegrationTests.OData;

/// <summary>Query options whose numbers overflow get a 400 with the OData error body, never a 500.</summary>
public sealed class ClientInputErrorTests(ODataHostFixture host) : IClassFixture<ODataHostFixture>
{
    [Theory]
    // The URI parser converts a double literal to the decimal it is compared with.
    [InlineData("/api/odata/TierAggregates?$filter=MeanRate gt 1e300", "InvalidNumber")]
    [InlineData("/api/odata/TierAggregates?$filter=MeanRate eq INF", "InvalidNumber")]
    // Decimal arithmetic past ±7.9E+28 on a stored row.
    [InlineData("/api/odata/TierAggregates?$filter=MeanRate mul 10000000000000000000000000000 gt 0", "ArithmeticOverflow")]
    [InlineData("/api/odata/TierAggregates?$filter=MeanRate add 79228162514264337593543950335 gt 0", "InvalidNumber")]
    [InlineData("/api/odata/Observations?$filter=Numerator mul 9223372036854775807 mul 9223372036854775807 gt 0", "ArithmeticOverflow")]
    public async Task OverflowingFilterIsABadRequest(string url, string code)
    {
        await AssertBadRequestAsync(url, code);
    }

    [Theory]
    [InlineData("RankInTier", "99999999999")]
    [InlineData("Rate", "1e400")]
    public async Task SkipTokenWithAValueBeyondItsFieldIsABadRequest(string field, string value)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { "2023-08_DOC_SIGNED", "U01", value })))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        await AssertBadRequestAsync($"/api/odata/Observations?$orderby={field}&$skiptoken={token}", "InvalidSkipToken");
    }

    [Theory]
    [InlineData("/api/odata/Observations?$top=99999999999999999999")]
    [InlineData("/api/odata/Observations?$skip=-1")]
    [InlineData("/api/odata/Observations?$filter=substring(UnitName, 3000000000) eq 'x'")]
    public async Task OutOfRangeOptionsAreABadRequest(string url)
    {
        await AssertBadRequestAsync(url, null);
    }

    private async Task AssertBadRequestAsync(string url, string? code)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync(url, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }
}
