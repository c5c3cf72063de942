using System.Net;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>The recompute route answers at once and its status resource follows the queued run to the end.</summary>
public sealed class AggregationStatusTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task StatusOfAMonthNeverComputedIsNone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await host.Http.GetAsync("/api/aggregations/2019-01", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Assert.Equal("none", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("servedVersion").ValueKind);
    }

    [Fact]
    public async Task RecomputeIsAcceptedAtOnceAndItsStatusEndsDoneWithTheServedVersion()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var location = await RecomputeRequests.RequestAsync(host.Http, "2019-02", cancellationToken);
        var first = await RecomputeRequests.WaitDoneAsync(host.Http, location, cancellationToken);
        var again = await RecomputeRequests.RecomputeAsync(host.Http, "2019-02", cancellationToken);

        Assert.Equal("2019-02", first.GetProperty("period").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("servedVersion").GetString()));
        Assert.NotEqual(first.GetProperty("servedVersion").GetString(), again.GetProperty("servedVersion").GetString());
        Assert.True(again.GetProperty("servedSince").GetDateTimeOffset() > first.GetProperty("servedSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task ABadPeriodIsRefusedByBothRoutes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var post = await host.Http.PostAsync("/api/aggregations/2023-13", null, cancellationToken);
        using var get = await host.Http.GetAsync("/api/aggregations/2023-13", cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
    }
}
