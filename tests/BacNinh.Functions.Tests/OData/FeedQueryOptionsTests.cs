using BacNinh.Functions.Serving.OData;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BacNinh.Functions.Tests.OData;

/// <summary>A kept page's options: the same options in any order are one key, and nothing else reaches a key or a next link.</summary>
public sealed class FeedQueryOptionsTests
{
    [Fact]
    public void TheSameOptionsInAnyOrderAreTheSameQuery()
    {
        var a = Parse("?$top=5&$filter=Period eq '2023-08'&$select=Rate");
        var b = Parse("?$select=Rate&$filter=Period eq '2023-08'&$top=5");

        Assert.Equal(a.QueryString, b.QueryString);
        Assert.Equal("?$filter=Period%20eq%20%272023-08%27&$select=Rate&$top=5", a.QueryString);
    }

    [Theory]
    [InlineData("?x=1", "UnsupportedQueryOption")]
    [InlineData("?filter=Period eq '2023-08'", "UnsupportedQueryOption")]
    [InlineData("?$expand=Unit", "UnsupportedQueryOption")]
    [InlineData("?$top=1&$top=2", "RepeatedQueryOption")]
    [InlineData("?$format=xml", "UnsupportedFormat")]
    public void AnythingButTheSupportedOptionsOnceIsA400(string query, string code)
    {
        var refused = Assert.Throws<ODataQueryException>(() => Parse(query));

        Assert.Equal(code, refused.Code);
        Assert.Equal(400, refused.StatusCode);
    }

    [Fact]
    public void TheNextLinkKeepsTheOptionsButWhereThePageStarts()
    {
        var options = Parse("?$skip=3&$filter=Tier eq 'province'&$top=10&$skiptoken=old");

        Assert.Equal("?$filter=Tier%20eq%20%27province%27&$top=7&$skiptoken=new", options.Next(7, "new"));
        Assert.Equal("?$filter=Tier%20eq%20%27province%27&$skiptoken=new", options.Next(null, "new"));
    }

    private static FeedQueryOptions Parse(string query) => FeedQueryOptions.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));
}
