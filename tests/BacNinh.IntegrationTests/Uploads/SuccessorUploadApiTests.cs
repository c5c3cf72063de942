using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BacNinh.Core.Reference;
using BacNinh.Functions.Auth;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Uploads;

/// <summary>
/// Over the upload API, a successor's clerk reports a dissolved predecessor's month (contract §2a) even when the
/// registry gives the predecessor's entry another Entra ID group, as a replaced <c>uploaders.csv</c> does in Azure.
/// </summary>
public sealed class SuccessorUploadApiTests(UploadApiHostFixture host) : IClassFixture<UploadApiHostFixture>
{
    private const string SuoiHoaGroup = "11111111-1111-1111-1111-111111111111";
    private const string KinhBacGroup = "22222222-2222-2222-2222-222222222222";
    private const string NeighbourGroup = "33333333-3333-3333-3333-333333333333";

    // 09187 was Phường Suối Hoa until 30 June 2025 and is Phường Kinh Bắc since; 09169 is another ward of today.
    private const string Uploaders = $"""
        folder,unit_code,group_id,scope,valid_from,valid_to
        09187,09187,{SuoiHoaGroup},self,2021-01-01,2025-06-30
        09187,09187,{KinhBacGroup},self,2025-07-01,
        09169,09169,{NeighbourGroup},self,2025-07-01,
        """;

    private static readonly byte[] SuoiHoaJune = Encoding.UTF8.GetBytes("Mã đơn vị,Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n09187,Phường Suối Hoa,100,90\n");

    [Fact]
    public async Task KinhBacsClerkUploadsSuoiHoasJune2025AndANeighboursClerkIsRefusedTheRow()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReferenceData.UploadersFile)
            .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(Uploaders)), overwrite: true, cancellationToken);

        using var kinhBac = Clerk(KinhBacGroup);
        // The replaced registry is read within a minute of the host's last read (ReferenceDataStore.CacheFor).
        var accepted = JsonDocument.Parse(await Eventually.GetAsync(async () =>
        {
            var (status, report) = await UploadAsync(kinhBac, "bo-sung-suoi-hoa.csv", cancellationToken);
            return status == HttpStatusCode.Accepted ? report : null;
        }, TimeSpan.FromSeconds(90), cancellationToken)).RootElement;
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(1, accepted.GetProperty("rowsAccepted").GetInt32());

        using var neighbour = Clerk(NeighbourGroup);
        var (neighbourStatus, refused) = await UploadAsync(neighbour, "bo-sung-hang-xom.csv", cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, neighbourStatus);
        var neighbourReport = JsonDocument.Parse(refused!).RootElement;
        Assert.Equal(0, neighbourReport.GetProperty("rowsAccepted").GetInt32());
        Assert.Contains(neighbourReport.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "UNIT_NOT_ALLOWED");
    }

    private HttpClient Clerk(string group) =>
        host.CreateClient(host.Issuer.CreateToken([AppRoles.UploadsWrite], AppRoles.UserImpersonationScope, groups: [group]));

    private static async Task<(HttpStatusCode Status, string? Report)> UploadAsync(HttpClient client, string fileName, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(SuoiHoaJune);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync($"/api/uploads?fileName={fileName}&period=2025-06", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return (response.StatusCode, null);
        }

        return (response.StatusCode, await ReportAsync(client, response.Headers.Location!.OriginalString, cancellationToken));
    }

    private static async Task<string> ReportAsync(HttpClient client, string location, CancellationToken cancellationToken) =>
        await Eventually.GetAsync(async () =>
        {
            using var response = await client.GetAsync(location, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);
}
