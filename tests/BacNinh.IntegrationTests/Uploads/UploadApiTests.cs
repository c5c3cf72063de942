using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using BacNinh.Functions.Auth;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Uploads;

/// <summary>
/// <c>/api/uploads</c> against the local host: every status code of the contract, where the body is
/// stored, and that an agency sees only its own uploads while <c>Datasets.Read</c> sees all.
/// </summary>
public sealed class UploadApiTests(UploadApiHostFixture host) : IClassFixture<UploadApiHostFixture>
{
    private static readonly string Month = UploadFiles.ReportedMonth.ToString();

    private static ByteArrayContent Body(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    private static string UploadRoute(string fileName) => $"/api/uploads?fileName={Uri.EscapeDataString(fileName)}&period={Month}";

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, string fileName, byte[] content)
    {
        var response = await client.PostAsync(UploadRoute(fileName), Body(content), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<JsonElement> ReportAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync(location, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.True(DateTime.UtcNow < deadline, "No report within 60 s.");
            await Task.Delay(response.Headers.RetryAfter!.Delta!.Value, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task UploadWithoutTokenIsUnauthorized()
    {
        var (response, _) = await PostAsync(host.Anonymous, "a.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task UploadWithoutTheUploadRoleIsForbidden()
    {
        using var reader = host.CreateClient(host.Issuer.CreateToken([AppRoles.DatasetsRead], groups: [BacNinh.LocalHost.Auth.DevelopmentGroups.IdFor(UploadFiles.CommuneFolder)]));

        var (response, _) = await PostAsync(reader, "a.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ReadingUploadsWithoutAnyUploadOrReadRoleIsForbidden()
    {
        using var client = host.CreateClient(host.Issuer.CreateToken([AppRoles.AggregationsRun]));

        using var list = await client.GetAsync($"/api/uploads?period={Month}", TestContext.Current.CancellationToken);
        using var one = await client.GetAsync($"/api/uploads/{new string('a', 64)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
    }

    [Fact]
    public async Task UploadWithTheRoleButNoRegisteredGroupIsForbiddenWithAProblem()
    {
        using var client = host.CreateClient(host.Issuer.CreateToken([AppRoles.UploadsWrite], groups: ["00000000-0000-0000-0000-000000000000"]));

        var (response, body) = await PostAsync(client, "a.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task UploadOverTheLimitIsRejectedBeforeAnythingIsStored()
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);
        var big = new byte[UploadApiHostFixture.MaxUploadBytes + 1];

        // With a Content-Length, refused at once; without one (chunked), stopped while streaming.
        var (declared, problem) = await PostAsync(client, "lon.xls", big);
        using var chunked = new StreamContent(new NonSeekableStream(big));
        using var streamed = await client.PostAsync(UploadRoute("lon-2.xls"), chunked, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Null(chunked.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        var uploads = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        var names = new List<string>();
        await foreach (var blob in uploads.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{UploadFiles.CommuneFolder}/{Month}/lon" }, TestContext.Current.CancellationToken))
        {
            names.Add(blob.Name);
        }

        Assert.Empty(names);
    }

    [Fact]
    public async Task UploadIsAcceptedStoredUnderTheAgencyFolderAndItsReportFollows()
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);

        var (response, body) = await PostAsync(client, "van-ban.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uploadId = body.GetProperty("uploadId").GetString()!;
        Assert.Equal($"/api/uploads/{uploadId}", response.Headers.Location?.OriginalString);
        Assert.Equal($"uploads/{UploadFiles.CommuneFolder}/{Month}/van-ban.csv", body.GetProperty("blobPath").GetString());
        var report = await ReportAsync(client, response.Headers.Location!.OriginalString);
        Assert.Equal("Accepted", report.GetProperty("status").GetString());
        Assert.Equal(1, report.GetProperty("rowsAccepted").GetInt32());
        Assert.Equal(uploadId, report.GetProperty("uploadId").GetString());
    }

    [Fact]
    public async Task NameAlreadyTakenGetsASuffixAndNothingIsReplaced()
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);

        var (first, one) = await PostAsync(client, "trung-ten.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName, 100, 90));
        var (second, two) = await PostAsync(client, "trung-ten.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName, 100, 95));
        var (third, three) = await PostAsync(client, "trung-ten.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName, 100, 99));

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(
            [$"uploads/{UploadFiles.CommuneFolder}/{Month}/trung-ten.csv", $"uploads/{UploadFiles.CommuneFolder}/{Month}/trung-ten-2.csv", $"uploads/{UploadFiles.CommuneFolder}/{Month}/trung-ten-3.csv"],
            new[] { one, two, three }.Select(b => b.GetProperty("blobPath").GetString()));
        var stored = host.Storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient($"{UploadFiles.CommuneFolder}/{Month}/trung-ten.csv");
        var content = await stored.DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Contains(",100,90", content.Value.Content.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../so-tttt/bao-cao.csv", "bao-cao.csv")]
    [InlineData("C:\\fakepath\\bao cao thang.csv", "bao cao thang.csv")]
    [InlineData("..bao\u0007cao..csv", "baocao.csv")]
    public async Task FileNameIsReducedToASafeLastSegment(string given, string stored)
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);

        var (response, body) = await PostAsync(client, given, UploadFiles.DocSignedCsv(UploadFiles.CommuneName));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith($"uploads/{UploadFiles.CommuneFolder}/{Month}/", body.GetProperty("blobPath").GetString(), StringComparison.Ordinal);
        Assert.Equal(stored, body.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task UploaderGetsTheTemplatesItFillsIn()
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);

        using var response = await client.GetAsync($"/api/templates/DOC_SIGNED.xlsx?period={Month}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownUploadIsNotFound()
    {
        using var client = host.Agency(UploadFiles.CommuneFolder);

        using var response = await client.GetAsync($"/api/uploads/{new string('0', 64)}", TestContext.Current.CancellationToken);
        using var malformed = await client.GetAsync("/api/uploads/not-an-id", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task UploadIsFoundByItsIdWithPointReadsOnly()
    {
        using var commune = host.Agency(UploadFiles.CommuneFolder);
        using var reader = host.CreateClient(host.Issuer.CreateToken([AppRoles.DatasetsRead]));
        var (posted, _) = await PostAsync(commune, "mot-lan.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));
        var location = posted.Headers.Location!.OriginalString;
        await ReportAsync(reader, location);
        var randomId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        using var requests = new StorageRequests();
        using var known = await GetInTraceAsync(reader, location, requests);
        using var unknown = await GetInTraceAsync(reader, $"/api/uploads/{randomId}", requests);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotEmpty(requests.Sent);
        Assert.Contains(requests.Sent, r => r.Contains($"/{StorageNames.UploadIndexTable}(PartitionKey='{randomId}',RowKey=", StringComparison.Ordinal));
        // No listing of a container, no table query: every table read names its partition and row.
        Assert.DoesNotContain(requests.Sent, r => r.Contains("comp=list", StringComparison.Ordinal));
        Assert.DoesNotContain(requests.Sent, r => r.Contains("()", StringComparison.Ordinal) || r.Contains("$filter", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> GetInTraceAsync(HttpClient client, string route, StorageRequests requests)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Add("traceparent", requests.TraceParent);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AgencySeesOnlyItsOwnUploadsAndAReaderSeesEveryAgencys()
    {
        using var commune = host.Agency(UploadFiles.CommuneFolder);
        using var other = host.Agency(UploadFiles.OtherCommuneFolder);
        using var reader = host.CreateClient(host.Issuer.CreateToken([AppRoles.DatasetsRead]));
        var (mine, mineBody) = await PostAsync(commune, "rieng.csv", UploadFiles.DocSignedCsv(UploadFiles.CommuneName));
        var location = mine.Headers.Location!.OriginalString;
        await ReportAsync(commune, location);
        var (theirs, _) = await PostAsync(other, "cua-xa-khac.csv", UploadFiles.DocSignedCsv(UploadFiles.OtherCommuneName));
        await ReportAsync(other, theirs.Headers.Location!.OriginalString);

        using var otherReads = await other.GetAsync(location, TestContext.Current.CancellationToken);
        using var readerReads = await reader.GetAsync(location, TestContext.Current.CancellationToken);
        var otherList = await ListAsync(other);
        var communeList = await ListAsync(commune);
        var readerList = await ListAsync(reader);

        Assert.Equal(HttpStatusCode.NotFound, otherReads.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readerReads.StatusCode);
        var uploadId = mineBody.GetProperty("uploadId").GetString();
        Assert.DoesNotContain(uploadId, otherList);
        Assert.Contains(uploadId, communeList);
        Assert.Contains(uploadId, readerList);
        Assert.Contains(theirs.Headers.Location!.OriginalString.Split('/')[^1], readerList);
        Assert.DoesNotContain(theirs.Headers.Location!.OriginalString.Split('/')[^1], communeList);
    }

    private static async Task<List<string?>> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/api/uploads?period={Month}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return [.. body.GetProperty("uploads").EnumerateArray().Select(u => u.GetProperty("uploadId").GetString())];
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
