using BacNinh.Functions.Http;
using static BacNinh.Functions.Tests.Http.Requests;

namespace BacNinh.Functions.Tests.Http;

public sealed class ApiProblemTests
{
    [Fact]
    public async Task ABadRequestIsAProblemDetailsDocument()
    {
        var response = await ExecuteAsync(ApiProblem.BadRequest("The format must be md or html."));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
        var problem = Json(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("Bad Request", problem.GetProperty("title").GetString());
        Assert.Equal("The format must be md or html.", problem.GetProperty("detail").GetString());
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANotFoundListsWhatWouldHaveBeenFound()
    {
        var response = await ExecuteAsync(ApiProblem.NotFound("Unknown dataset.", "datasets", ["Units", "Observations"]));

        Assert.Equal(404, response.StatusCode);
        var problem = Json(response);
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal(["Units", "Observations"], problem.GetProperty("datasets").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task WrittenStraightToTheResponseItKeepsHeadersSetBefore()
    {
        var context = Context();
        context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.example/t/oauth2/authorize\"";

        await ApiProblem.WriteAsync(context, 401, "A valid bearer token is required.");

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal("Bearer authorization_uri=\"https://login.example/t/oauth2/authorize\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("A valid bearer token is required.", Json(context.Response).GetProperty("detail").GetString());
    }
}
