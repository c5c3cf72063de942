using System.Net;
using System.Text;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;

namespace BacNinh.IntegrationTests.Aggregation;

/// <summary>
/// Readers never see a month half-recomputed (contract §8): a recomputation writes a new version
/// and switches the month's pointer at the end, so every read is one whole computation.
/// </summary>
public sealed class SnapshotReadTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const int ExtraCommunes = 1500;

    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    [Fact]
    public async Task AReaderPollingDuringARecomputeSeesTheOldMonthOrTheNewOneNeverAMix()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // A registry large enough that a month's rows take many transactions to write.
        using (var defaults = new StreamReader(ReferenceData.OpenDefault(ReferenceData.UnitsFile)))
        {
            var units = new StringBuilder(await defaults.ReadToEndAsync(cancellationToken));
            for (var i = 0; i < ExtraCommunes; i++)
            {
                units.Append(System.Globalization.CultureInfo.InvariantCulture, $"T{i:D4},commune,256,Xã Thử {i:D4},Thử {i:D4},,2020-01-01,2025-06-30\n");
            }

            await host.Storage.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer).GetBlobClient(ReferenceData.UnitsFile)
                .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(units.ToString())), cancellationToken);
        }

        static byte[] Month(long signed) => Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Range(0, ExtraCommunes).Select(i => $"T{i:D4},100,{signed}\n")));
        await host.UploadAndReportAsync("so-tttt/2021-06/lan-1.csv", Month(50), cancellationToken);
        await ServedAsync(50, cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);

        // The correction changes every unit; the reader polls from before it lands until it is served.
        var seen = new List<long[]>();
        var reader = Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                var numerators = await NumeratorsAsync(cancellationToken);
                seen.Add([.. numerators.Distinct().Order()]);
                Assert.Equal(ExtraCommunes, numerators.Count);
                Assert.True(numerators.Distinct().Count() == 1, $"A read mixed two computations: {string.Join(", ", numerators.Distinct())}");
                if (numerators[0] == 90)
                {
                    return;
                }
            }
        }, cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        await host.UploadAsync("so-tttt/2021-06/lan-2.csv", Month(90), cancellationToken);
        await reader;

        Assert.Equal([50L], seen[0]);
        Assert.Equal([90L], seen[^1]);
    }

    private async Task<List<long>> NumeratorsAsync(CancellationToken cancellationToken)
    {
        using var response = await host.Http.GetAsync("/api/datasets/Observations.csv?period=2021-06&indicator=DOC_SIGNED&tier=commune", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var numerator = Array.IndexOf(header, "Numerator");
        var unit = Array.IndexOf(header, "UnitCode");
        return [.. lines.Skip(1).Select(l => l.Split(',')).Where(c => c[unit].StartsWith('T')).Select(c => long.Parse(c[numerator], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private Task ServedAsync(long numerator, CancellationToken cancellationToken) =>
        Eventually.GetAsync(async () => await NumeratorsAsync(cancellationToken) is { Count: ExtraCommunes } all && all.All(n => n == numerator) ? all : null,
            TimeSpan.FromSeconds(90), cancellationToken);
}
