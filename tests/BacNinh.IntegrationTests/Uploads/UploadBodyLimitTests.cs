using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BacNinh.Functions.Auth;
using BacNinh.Functions.Ingestion;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost.Auth;

namespace BacNinh.IntegrationTests.Uploads;

/// <summary>
/// The local host with the contract's upload limit (50 MiB, the default): Kestrel lets through what
/// the limit allows (more than its own default of 30,000,000 bytes), and a body over the limit,
/// declared or chunked, gets the API's problem+json 413 rather than Kestrel's bare answer.
/// </summary>
public sealed class UploadBodyLimitTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly long ContractLimit = new IngestionOptions().MaxUploadBytes;

    private HttpClient Agency() => host.CreateClient(host.Issuer.CreateToken(
        [AppRoles.UploadsWrite], AppRoles.UserImpersonationScope, groups: [DevelopmentGroups.IdFor(UploadFiles.CommuneFolder)]));

    private static string Route(string fileName) => $"/api/uploads?fileName={fileName}&period={UploadFiles.ReportedMonth}";

    [Fact]
    public async Task BodyOf51MiBIsAnsweredWithAProblem413()
    {
        Assert.Equal(50L * 1024 * 1024, ContractLimit);
        using var client = Agency();
        var body = new byte[51 * 1024 * 1024];

        using var declared = new ByteArrayContent(body);
        declared.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var declaredResponse = await client.PostAsync(Route("lon.xls"), declared, TestContext.Current.CancellationToken);
        using var chunked = new StreamContent(new UnknownLengthStream(body));
        using var chunkedResponse = await client.PostAsync(Route("lon-2.xls"), chunked, TestContext.Current.CancellationToken);

        Assert.Null(chunked.Headers.ContentLength);
        foreach (var response in new[] { declaredResponse, chunkedResponse })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal(413, problem.GetProperty("status").GetInt32());
            Assert.StartsWith("The largest file accepted is", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BodyOverKestrelsDefaultButUnderTheLimitIsAccepted()
    {
        using var client = Agency();
        using var body = new StreamContent(new UnknownLengthStream(new byte[30_000_000 + 1024 * 1024]));

        using var response = await client.PostAsync(Route("vua.xlsx"), body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
