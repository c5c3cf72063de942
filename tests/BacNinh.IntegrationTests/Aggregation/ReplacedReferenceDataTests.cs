using System.Text;
using System.Text.Json;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>Targets an administrator uploads to the <c>reference</c> container are the ones aggregation applies.</summary>
public sealed class ReplacedReferenceDataTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task UploadedTargetsAreAppliedToTierAndUnitFigures()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var targets = """
            indicator,tier,unit_code,target,valid_from,valid_to,source
            DOC_SIGNED,province,,99,2021-01-01,,Quyết định thử nghiệm
            DOC_SIGNED,province,P-SXD,50,2021-01-01,,Quyết định thử nghiệm
            """;
        await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReferenceData.TargetsFile)
            .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(targets)), cancellationToken);

        await host.UploadAsync("so-tttt/2023-06/bao-cao.csv", Encoding.UTF8.GetBytes("Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\nSở Tài chính,100,98\nSở Xây dựng,100,60\n"), cancellationToken);

        var units = await Eventually.GetAsync(async () =>
        {
            var json = await host.Http.GetStringAsync("/api/datasets/Observations.json?period=2023-06&indicator=DOC_SIGNED", cancellationToken);
            var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
            return rows.Count == 2 ? rows : null;
        }, TimeSpan.FromSeconds(60), cancellationToken);

        var finance = units.Single(u => u.GetProperty("UnitCode").GetString() == "P-STC");
        var construction = units.Single(u => u.GetProperty("UnitCode").GetString() == "P-SXD");
        Assert.Equal((99m, false), (finance.GetProperty("TargetRate").GetDecimal(), finance.GetProperty("MeetsTarget").GetBoolean()));
        Assert.Equal((50m, true), (construction.GetProperty("TargetRate").GetDecimal(), construction.GetProperty("MeetsTarget").GetBoolean()));
        var province = JsonDocument.Parse(await host.Http.GetStringAsync("/api/datasets/TierAggregates.json?period=2023-06&indicator=DOC_SIGNED&tier=province", cancellationToken)).RootElement[0];
        Assert.Equal(99m, province.GetProperty("TargetRate").GetDecimal());
    }
}
