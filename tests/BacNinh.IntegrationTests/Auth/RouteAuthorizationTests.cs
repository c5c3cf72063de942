using System.Net;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Auth;

/// <summary>Every contract route under every token case: 401 with the sign-in hint, 403 without the role, through otherwise.</summary>
public sealed class RouteAuthorizationTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    public static TheoryData<string, string, string, HttpStatusCode> Cases()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        string[] reads = ["/api/odata", "/api/odata/$metadata", "/api/odata/Observations", "/api/datasets/TierAggregates.json", "/api/datasets/Observations.csv", "/api/odata/Bulletins", "/api/odata/Units"];
        string[] unauthenticated = [TokenCases.None, TokenCases.EmptyBearer, TokenCases.WrongAudience, TokenCases.WrongIssuer, TokenCases.Expired, TokenCases.BadSignature];
        foreach (var route in reads)
        {
            foreach (var token in unauthenticated)
            {
                data.Add("GET", route, token, HttpStatusCode.Unauthorized);
            }

            data.Add("GET", route, TokenCases.NoRole, HttpStatusCode.Forbidden);
            data.Add("GET", route, TokenCases.ScopeWithoutRole, HttpStatusCode.Forbidden);
            data.Add("GET", route, TokenCases.AggregationsRunner, HttpStatusCode.Forbidden);
            data.Add("GET", route, TokenCases.DatasetsReader, HttpStatusCode.OK);
            data.Add("GET", route, TokenCases.UserWithScopeAndRole, HttpStatusCode.OK);
            data.Add("GET", route, TokenCases.IdToken, HttpStatusCode.Unauthorized);
            data.Add("GET", route, TokenCases.UserWithoutApiScope, HttpStatusCode.Forbidden);
        }

        const string recompute = "/api/aggregations/2023-08";
        foreach (var token in unauthenticated)
        {
            data.Add("POST", recompute, token, HttpStatusCode.Unauthorized);
        }

        data.Add("POST", recompute, TokenCases.NoRole, HttpStatusCode.Forbidden);
        data.Add("POST", recompute, TokenCases.ScopeWithoutRole, HttpStatusCode.Forbidden);
        data.Add("POST", recompute, TokenCases.DatasetsReader, HttpStatusCode.Forbidden);
        data.Add("POST", recompute, TokenCases.AggregationsRunner, HttpStatusCode.Accepted);
        data.Add("POST", recompute, TokenCases.IdToken, HttpStatusCode.Unauthorized);
        data.Add("POST", recompute, TokenCases.UserWithoutApiScope, HttpStatusCode.Forbidden);

        // The page's ID token names the agency's group and the upload role, and is still no access token.
        const string upload = "/api/uploads?fileName=a.csv";
        data.Add("POST", upload, TokenCases.IdToken, HttpStatusCode.Unauthorized);
        data.Add("POST", upload, TokenCases.UserWithoutApiScope, HttpStatusCode.Forbidden);

        // The recompute's status: either role may poll it.
        foreach (var token in unauthenticated)
        {
            data.Add("GET", recompute, token, HttpStatusCode.Unauthorized);
        }

        data.Add("GET", recompute, TokenCases.NoRole, HttpStatusCode.Forbidden);
        data.Add("GET", recompute, TokenCases.ScopeWithoutRole, HttpStatusCode.Forbidden);
        data.Add("GET", recompute, TokenCases.DatasetsReader, HttpStatusCode.OK);
        data.Add("GET", recompute, TokenCases.AggregationsRunner, HttpStatusCode.OK);

        foreach (var token in new[] { TokenCases.None, TokenCases.EmptyBearer, TokenCases.Expired, TokenCases.NoRole, TokenCases.DatasetsReader })
        {
            data.Add("GET", "/api/health", token, HttpStatusCode.OK);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RouteAnswersTokenCaseAsSpecified(string method, string route, string tokenCase, HttpStatusCode expected)
    {
        using var client = TokenCases.Client(host, tokenCase);
        using var request = new HttpRequestMessage(new HttpMethod(method), route);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Equal($"authorization_uri=\"{host.Issuer.Instance}{host.Issuer.TenantId}/oauth2/authorize\"", challenge.Parameter);
        }

        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The same problem details body whatever the route, OData feed included: the policy answers before any function runs.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task DevelopmentTokenEndpointIssuesTokensTheApiAccepts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var content = new StringContent("""{"roles":["Datasets.Read"]}""", System.Text.Encoding.UTF8, "application/json");
        using var tokenResponse = await host.Anonymous.PostAsync("/dev-issuer/token", content, cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("access_token").GetString();

        using var client = host.CreateClient(token);
        using var response = await client.GetAsync("/api/datasets/Units.json", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void EveryHttpFunctionDeclaresItsAccess()
    {
        var functions = BacNinh.LocalHost.Functions.IsolatedHttpFunctions.Discover(typeof(BacNinh.Functions.Health.GetHealth).Assembly);

        // A discovery that finds nothing would pass the loop below vacuously.
        Assert.NotEmpty(functions);
        var names = functions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "GetHealth", "GetODataFeed", "GetDataset", "GetBulletin", "GetTemplate", "RunAggregation" },
            names);
        foreach (var function in functions)
        {
            var access = BacNinh.Functions.Auth.FunctionAccess.For(function.Method);
            Assert.True(access.Anonymous || access.Policy != BacNinh.Functions.Auth.FunctionAccess.UndeclaredPolicy, $"{function.Name} declares no access.");
        }
    }
}
