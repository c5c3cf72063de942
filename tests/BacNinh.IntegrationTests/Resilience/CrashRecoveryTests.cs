using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Resilience;

/// <summary>
/// The fault harness of contract §8: a month-end burst of uploads with corrections, the host
/// killed (SIGKILL) several times while it works, restarted on the same storage; the state must
/// converge without anyone calling the recompute route: one report per blob version, every
/// month's figures exactly the newest upload of each unit, no duplicate rows.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const string Header = "Tên đơn vị,Tổng số văn bản đi,Số văn bản đi có ký số\n";

    private static readonly string[] Periods = ["2023-01", "2023-02", "2023-03", "2023-04"];

    // Eight provincial agencies, each uploading for itself under its own folder.
    private static readonly (string Code, string Name)[] Agencies =
    [
        ("P-STC", "Sở Tài chính"), ("P-SXD", "Sở Xây dựng"), ("P-SYT", "Sở Y tế"), ("P-STP", "Sở Tư pháp"),
        ("P-SNV", "Sở Nội vụ"), ("P-SCT", "Sở Công Thương"), ("P-SGTVT", "Sở Giao thông vận tải"), ("P-SKHCN", "Sở Khoa học và Công nghệ"),
    ];

    private readonly string _connection = SharedAzurite.Current.NextAccount();
    private StorageAccount _storage = null!;

    public async ValueTask InitializeAsync()
    {
        _storage = StorageAccount.FromConnectionString(_connection);
        await StorageProvisioner.EnsureCreatedAsync(_storage);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AMonthEndBurstConvergesAfterTheHostIsKilledThreeTimes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var uploads = _storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        var expected = new Dictionary<(string Period, string Unit), long>();
        var versions = new Dictionary<(string Period, string Unit), int>();
        var blobs = 0;
        var clock = Stopwatch.StartNew();

        async Task UploadRoundAsync(IEnumerable<(string Blob, (string Period, string Unit, long Signed)[] Rows)> files)
        {
            await Parallel.ForEachAsync(files, cancellationToken, async (file, token) =>
            {
                var csv = Header + string.Concat(file.Rows.Select(r => $"{Agencies.Single(a => a.Code == r.Unit).Name},100,{r.Signed}\n"));
                await uploads.GetBlobClient(file.Blob).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(csv)), token);
            });
            foreach (var file in files)
            {
                blobs++;
                foreach (var (period, unit, signed) in file.Rows)
                {
                    expected[(period, unit)] = signed;
                    versions[(period, unit)] = versions.GetValueOrDefault((period, unit)) + 1;
                }
            }

            // Rounds are a second apart: Last-Modified, the upload time, has whole seconds.
            await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        }

        // Round 1: every agency's month (32 files) lands while host A starts working; A is killed.
        var host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken);
        await UploadRoundAsync(Periods.SelectMany((p, pi) => Agencies.Select((a, ai) =>
            ($"{a.Code.ToLowerInvariant()}/{p}/bao-cao.csv", new[] { (p, a.Code, 40L + pi * 10 + ai) }))));
        await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);
        host.Kill();

        // Round 2: the coordinating department's compiled March file, over every agency, while host B works; B is killed.
        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            await UploadRoundAsync([("so-tttt/2023-03/tong-hop.csv", [.. Agencies.Select((a, ai) => ("2023-03", a.Code, 70L + ai))])]);
            await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);
            host.Kill();
        }

        // Round 3: corrections from four agencies for February and March, while host C starts; C is killed early.
        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            await UploadRoundAsync(Periods[1..3].SelectMany(p => Agencies.Take(4).Select((a, ai) =>
                ($"{a.Code.ToLowerInvariant()}/{p}/bao-cao-sua.csv", new[] { (p, a.Code, 95L - ai) }))));
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            host.Kill();
        }

        var lastRestart = clock.Elapsed;
        Report($"Three rounds uploaded and three hosts killed in {lastRestart.TotalSeconds:F1} s.");
        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            var converged = await ConvergedAsync(expected, blobs, TimeSpan.FromSeconds(120), cancellationToken);
            Assert.True(converged is null, $"{converged}{Environment.NewLine}Host output:{Environment.NewLine}{host.Tail}");
            Report(
                $"{blobs} uploads, 3 kills: converged {(clock.Elapsed - lastRestart).TotalSeconds:F1} s after the last restart ({clock.Elapsed.TotalSeconds:F1} s in all).");
        }

        // Nothing duplicated: one Uploads row per version, one history row per version and unit.
        Assert.Equal(blobs, Rows(StorageNames.UploadsTable).Count);
        var history = Rows(StorageNames.UnitValueHistoryTable).GroupBy(e => (e.GetString("Period"), e.GetString("UnitCode"))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(versions.OrderBy(v => v.Key).ToList(), history.OrderBy(h => h.Key).ToList());
    }

    /// <summary>Null once the state is what the uploads say, else what still differs after <paramref name="timeout"/>.</summary>
    private async Task<string?> ConvergedAsync(Dictionary<(string Period, string Unit), long> expected, int blobs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? difference;
        do
        {
            difference = await DifferenceAsync(expected, blobs, cancellationToken);
            if (difference is null)
            {
                return null;
            }

            await Task.Delay(500, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        return difference;
    }

    private async Task<string?> DifferenceAsync(Dictionary<(string Period, string Unit), long> expected, int blobs, CancellationToken cancellationToken)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var id in new UploadReportStore(_storage).ListReportedIdsAsync(cancellationToken))
        {
            reported.Add(id);
        }

        var uploads = _storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        var withoutReport = new List<string>();
        await foreach (var blob in uploads.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (!reported.Contains(UploadVersion.From(blob).UploadId))
            {
                withoutReport.Add(blob.Name);
            }
        }

        if (withoutReport.Count > 0 || reported.Count != blobs)
        {
            return $"{reported.Count} reports for {blobs} uploads; without a report: {string.Join(", ", withoutReport)}";
        }

        var pending = await new AggregationRequests(_storage).PendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            return $"Months still pending: {string.Join(", ", pending)}";
        }

        var served = await new MonthVersions(_storage).SnapshotAsync(cancellationToken);
        foreach (var (table, what) in new[] { (StorageNames.UnitValuesTable, "current value"), (StorageNames.ObservationsTable, "served observation") })
        {
            var rows = Rows(table).Where(e => e.GetString("IndicatorCode") == "DOC_SIGNED" && (table == StorageNames.UnitValuesTable || served.IsServed(e)))
                .ToDictionary(e => (e.GetString("Period"), e.GetString("UnitCode")), e => e.GetInt64("Numerator"));
            var wrong = expected.Where(x => !rows.TryGetValue(x.Key, out var n) || n != x.Value).Select(x => $"{x.Key}: {what} {(rows.TryGetValue(x.Key, out var n) ? n : null)}, expected {x.Value}").ToList();
            if (wrong.Count > 0)
            {
                return string.Join("; ", wrong);
            }
        }

        return null;
    }

    /// <summary>The harness's figures, in the test output and in a file beside the test assembly for the team's notes.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "crash-recovery-figures.txt"), $"{DateTimeOffset.UtcNow:u} {line}{Environment.NewLine}");
    }

    private List<TableEntity> Rows(string table) => [.. _storage.Tables.GetTableClient(table).Query<TableEntity>()];
}
