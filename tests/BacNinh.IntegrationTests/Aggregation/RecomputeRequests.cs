using System.Net;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>Asks for a recompute over HTTP as a client would: <c>202</c> with a <c>Location</c>, then polls it until done.</summary>
public static class RecomputeRequests
{
    /// <summary>POSTs the recompute and returns its answer after checking it is a 202 pointing at the month's status.</summary>
    public static async Task<Uri> RequestAsync(HttpClient http, string period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsync($"/api/aggregations/{period}", null, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location;
        Assert.NotNull(location);
        Assert.Equal($"/api/aggregations/{period}", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);
        return location;
    }

    /// <summary>Polls a status resource until it reports <c>done</c>; returns that report.</summary>
    public static async Task<JsonElement> WaitDoneAsync(HttpClient http, Uri status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var done = await Eventually.GetAsync(async () =>
        {
            using var response = await http.GetAsync(status, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
            return report.GetProperty("status").GetString() == "done" ? new Report(report) : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);
        return done.Value;
    }

    /// <summary>Requests the recompute and waits until it is done.</summary>
    public static async Task<JsonElement> RecomputeAsync(HttpClient http, string period, CancellationToken cancellationToken) =>
        await WaitDoneAsync(http, await RequestAsync(http, period, cancellationToken), cancellationToken);

    private sealed record Report(JsonElement Value);
}
