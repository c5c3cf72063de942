using BacNinh.Core.Datasets;
using BacNinh.Functions.Serving.OData;
using static BacNinh.Functions.Tests.OData.Filters;

namespace BacNinh.Functions.Tests.OData;

public sealed class SkipTokenTests
{
    private static readonly DateTimeOffset AsOf = new(2023, 9, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly DatasetField[] OrderBy =
    [
        new("Rate", FieldKind.Decimal),
        new("PeriodStart", FieldKind.Date),
        new("UpdatedAt", FieldKind.DateTimeOffset),
        new("MeetsTarget", FieldKind.Boolean),
        new("UnitName", FieldKind.String),
        new("RankInTier", FieldKind.Int32),
        new("TargetRate", FieldKind.Decimal),
    ];

    [Fact]
    public void ATokenDecodesToTheRowItWasMadeAfterWithTypedOrderValues()
    {
        var updated = new DateTimeOffset(2023, 9, 1, 1, 2, 3, TimeSpan.FromHours(7));
        var row = Observation(
            ("Rate", 0.9625m), ("PeriodStart", new DateOnly(2023, 8, 1)), ("UpdatedAt", updated),
            ("MeetsTarget", true), ("UnitName", "Xã \"Tam\" Sơn"), ("RankInTier", 12), ("TargetRate", null));

        var decoded = SkipToken.Decode(SkipToken.After(row, OrderBy, AsOf).Encode(), OrderBy.Length);

        Assert.Equal((row.PartitionKey, row.RowKey), (decoded.PartitionKey, decoded.RowKey));
        Assert.Equal(AsOf, decoded.AsOf);
        Assert.Equal(0.9625m, decoded.OrderValue(0, OrderBy[0]));
        Assert.Equal(new DateOnly(2023, 8, 1), decoded.OrderValue(1, OrderBy[1]));
        Assert.Equal(updated, decoded.OrderValue(2, OrderBy[2]));
        Assert.Equal(true, decoded.OrderValue(3, OrderBy[3]));
        Assert.Equal("Xã \"Tam\" Sơn", decoded.OrderValue(4, OrderBy[4]));
        Assert.Equal(12, decoded.OrderValue(5, OrderBy[5]));
        Assert.Null(decoded.OrderValue(6, OrderBy[6]));
    }

    [Fact]
    public void TheTokenIsUrlSafe()
    {
        var row = Observation(("UnitName", "???>>>///+++"));

        var token = SkipToken.After(row, [new("UnitName", FieldKind.String)], AsOf).Encode();

        Assert.Equal(Uri.EscapeDataString(token), token);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("bnVsbA")]
    [InlineData("WyJhIl0")]
    public void AnythingThisServiceDidNotIssueIsABadRequest(string token)
    {
        var error = Assert.Throws<ODataQueryException>(() => SkipToken.Decode(token, 0));

        Assert.Equal(("InvalidSkipToken", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void ATokenForAnotherOrderByIsABadRequest()
    {
        var token = SkipToken.After(Observation(("Rate", 1m)), [OrderBy[0]], AsOf).Encode();

        Assert.Throws<ODataQueryException>(() => SkipToken.Decode(token, 2));
    }

    [Fact]
    public void AnOrderValueOfTheWrongTypeIsABadRequest()
    {
        var token = SkipToken.Decode(SkipToken.After(Observation(("UnitName", "abc")), [new("UnitName", FieldKind.String)], AsOf).Encode(), 1);

        var error = Assert.Throws<ODataQueryException>(() => token.OrderValue(0, new DatasetField("Rate", FieldKind.Decimal)));

        Assert.Equal("InvalidSkipToken", error.Code);
    }
}
