using System.Diagnostics;
using Azure.Data.Tables;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.IntegrationTests.Ingestion.Dossiers;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Uploads;
using BacNinh.Testing;

namespace BacNinh.IntegrationTests.Resilience;

/// <summary>
/// Dossier exports and the fault harness: the host process is killed (SIGKILL) while it streams an
/// export's rows into storage, and again while it ingests a re-export; restarted on the same
/// storage, it converges without anyone: one report per upload, no month left pending, one stored
/// row per dossier, and record figures equal to the test's own count of the newest row of each id.
/// Also killed while it settles a re-export that moves dossiers to another month received, and on
/// an export it then sets aside (PROCESSING_FAILED), which must count none of its rows.
/// </summary>
public sealed class DossierCrashRecoveryTests : IAsyncLifetime
{
    private static readonly Period Month = new(2021, 3);

    private readonly string _connection = SharedAzurite.Current.NextAccount();
    private StorageAccount _storage = null!;

    public async ValueTask InitializeAsync()
    {
        _storage = StorageAccount.FromConnectionString(_connection);
        await StorageProvisioner.EnsureCreatedAsync(_storage);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task FiguresConvergeAfterTheHostIsKilledWhileItStoresExports()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string[] units = [.. ReferenceData.LoadDefaults().Units.For(Month).Units.Select(u => u.Code)];
        var first = Enumerable.Range(0, 30_000).Select(i => TestDossier.Generated(i, units, Month.Start)).ToList();
        var corrected = first.Where((_, i) => i % 10 == 0).Select(d => d with { Channel = "Trực tuyến một phần", Digitized = true }).ToList();
        var uploads = _storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        var clock = Stopwatch.StartNew();

        // Host A is killed once the export's first rows are stored.
        var host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken);
        await uploads.GetBlobClient($"so-tttt/{Month}/ho-so.csv.gz").UploadAsync(new BinaryData(TestDossier.Gzip(TestDossier.Csv(first))), cancellationToken);
        await Eventually.GetAsync(() => Task.FromResult(AnyRecord() ? "stored" : null), TimeSpan.FromSeconds(60), cancellationToken);
        host.Kill();
        var killedA = clock.Elapsed;

        // Host B gets the re-export (a second later: Last-Modified has whole seconds) and is killed while it works.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken);
        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            await uploads.GetBlobClient($"so-tttt/{Month}/ho-so-sua.csv").UploadAsync(new BinaryData(TestDossier.Csv(corrected)), cancellationToken);
            await Task.Delay(TimeSpan.FromMilliseconds(2500), cancellationToken);
            host.Kill();
        }

        var restarted = clock.Elapsed;
        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            var expected = ExpectedDossierFigures.Count(first.Where((_, i) => i % 10 != 0).Concat(corrected));
            var difference = await ConvergedAsync(expected, TimeSpan.FromSeconds(240), cancellationToken);
            Assert.True(difference is null, $"{difference}{Environment.NewLine}Host output:{Environment.NewLine}{host.Tail}");
        }

        // One stored row per dossier: the first export's rows of the corrected ids were superseded and removed.
        var (from, to) = DossierRecordKeys.Month(Month);
        var rows = _storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["RowKey"], cancellationToken: cancellationToken).Count();
        Assert.Equal(first.Count, rows);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Killed A at {killedA.TotalSeconds:F1} s, B before {restarted.TotalSeconds:F1} s; converged {(clock.Elapsed - restarted).TotalSeconds:F1} s after the restart.");
    }

    [Fact]
    public async Task FiguresConvergeAfterTheHostIsKilledWhileAReExportMovesDossiersToAnotherMonth()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var later = Month.Next.Next;
        string[] units = [.. ReferenceData.LoadDefaults().Units.For(Month).Units.Select(u => u.Code)];
        var first = Enumerable.Range(0, 6_000).Select(i => TestDossier.Generated(i, units, Month.Start)).ToList();
        var moved = first.Where((_, i) => i % 3 == 0)
            .Select(d => d with { Received = d.Received.AddMonths(2), Due = d.Due?.AddMonths(2), Resolved = d.Resolved?.AddMonths(2) }).ToList();
        var uploads = _storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);

        // Host A stores the first export, then is killed once the re-export's first tombstone is written in the old month.
        var host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken);
        await uploads.GetBlobClient($"so-tttt/{Month}/ho-so.csv").UploadAsync(new BinaryData(TestDossier.Csv(first)), cancellationToken);
        await Eventually.GetAsync(async () => await ReportCountAsync(cancellationToken) == 1 ? "reported" : null, TimeSpan.FromSeconds(120), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken); // Last-Modified has whole seconds.
        await uploads.GetBlobClient($"so-tttt/{later}/ho-so-sua-ngay.csv").UploadAsync(new BinaryData(TestDossier.Csv(moved)), cancellationToken);
        await Eventually.GetAsync(() => Task.FromResult(Tombstones() > 0 ? "moving" : null), TimeSpan.FromSeconds(120), cancellationToken);
        host.Kill();
        host.Dispose();
        var atKill = Tombstones();

        using (host = await HostProcess.StartAsync(_connection, KilledHostSettings.Arguments, cancellationToken))
        {
            var expected = ExpectedDossierFigures.Count(first.Where((_, i) => i % 3 != 0).Concat(moved));
            var difference = await ConvergedAsync(expected, TimeSpan.FromSeconds(240), cancellationToken);
            Assert.True(difference is null, $"{difference}{Environment.NewLine}Host output:{Environment.NewLine}{host.Tail}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Killed with {atKill} of {moved.Count} tombstones written.");
    }

    [Fact]
    public async Task AnExportSetAsideAfterKillingItsOnlyAttemptCountsNoneOfItsRows()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string[] arguments = [.. KilledHostSettings.Arguments, "--IngestionOptions:MaxAttempts", "1"];
        string[] units = [.. ReferenceData.LoadDefaults().Units.For(Month).Units.Select(u => u.Code)];
        var good = Enumerable.Range(0, 3_000).Select(i => TestDossier.Generated(i, units, Month.Start)).ToList();

        // The failing export repeats the good one's dossiers, changed, and adds many more.
        var failing = good.Select(d => d with { Channel = "Bưu chính công ích", Digitized = false })
            .Concat(Enumerable.Range(3_000, 27_000).Select(i => TestDossier.Generated(i, units, Month.Start))).ToList();
        var uploads = _storage.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);

        // Host A stores the good export, then dies on the other one's only attempt, once some of its rows are stored.
        var host = await HostProcess.StartAsync(_connection, arguments, cancellationToken);
        await uploads.GetBlobClient($"so-tttt/{Month}/ho-so.csv").UploadAsync(new BinaryData(TestDossier.Csv(good)), cancellationToken);
        await Eventually.GetAsync(async () => await ReportCountAsync(cancellationToken) == 1 ? "reported" : null, TimeSpan.FromSeconds(120), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), cancellationToken); // Last-Modified has whole seconds.
        await uploads.GetBlobClient($"so-tttt/{Month}/ho-so-loi.csv").UploadAsync(new BinaryData(TestDossier.Csv(failing)), cancellationToken);
        await Eventually.GetAsync(() => Task.FromResult(RecordRows() > good.Count ? "storing" : null), TimeSpan.FromSeconds(120), cancellationToken);
        host.Kill();
        host.Dispose();
        var atKill = RecordRows();

        // Host B finds the attempt used up: it sets the export aside and takes its rows back. A later
        // export of the same month, recounting it, then finds only the good export's rows and its own.
        var later = Enumerable.Range(30_000, 10).Select(i => TestDossier.Generated(i, units, Month.Start)).ToList();
        using (host = await HostProcess.StartAsync(_connection, arguments, cancellationToken))
        {
            await Eventually.GetAsync(async () => await ReportCountAsync(cancellationToken) == 2 ? "set aside" : null, TimeSpan.FromSeconds(120), cancellationToken);
            await uploads.GetBlobClient($"so-tttt/{Month}/ho-so-bo-sung.csv").UploadAsync(new BinaryData(TestDossier.Csv(later)), cancellationToken);
            var difference = await ConvergedAsync(ExpectedDossierFigures.Count(good.Concat(later)), TimeSpan.FromSeconds(240), cancellationToken, uploads: 3);
            Assert.True(difference is null, $"{difference}{Environment.NewLine}Host output:{Environment.NewLine}{host.Tail}");
        }

        var reports = new UploadReportStore(_storage);
        List<UploadReport> written = [];
        await foreach (var id in reports.ListReportedIdsAsync(cancellationToken))
        {
            written.Add((await reports.GetAsync("so-tttt", id, cancellationToken))!);
        }

        var setAside = Assert.Single(written, r => r.BlobPath.EndsWith("ho-so-loi.csv", StringComparison.Ordinal));
        Assert.Equal(ProblemCodes.ProcessingFailed, Assert.Single(setAside.Problems).Code);
        Assert.Equal(good.Count + later.Count, RecordRows());
        TestContext.Current.TestOutputHelper?.WriteLine($"Killed with {atKill - good.Count} of {failing.Count} rows of the failing export stored.");
    }

    private async Task<int> ReportCountAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in new UploadReportStore(_storage).ListReportedIdsAsync(cancellationToken))
        {
            count++;
        }

        return count;
    }

    private int RecordRows()
    {
        var (from, to) = DossierRecordKeys.Month(Month);
        return _storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken)
            .Count();
    }

    private int Tombstones()
    {
        var (from, to) = DossierRecordKeys.Month(Month);
        return _storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), select: ["MovedTo"], cancellationToken: TestContext.Current.CancellationToken)
            .Count(row => row.GetString("MovedTo") is not null);
    }

    private bool AnyRecord()
    {
        var (from, to) = DossierRecordKeys.Month(Month);
        return _storage.Tables.GetTableClient(StorageNames.DossierRecordsTable)
            .Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken)
            .AsPages().First().Values.Count > 0;
    }

    /// <summary>Null once every upload has a report, no month is pending and the figures are the expected ones; else what differs at the deadline.</summary>
    private async Task<string?> ConvergedAsync(
        Dictionary<(string Indicator, Period Period, string Unit), (long Numerator, long Denominator, long FullOnline, long PartialOnline)> expected,
        TimeSpan timeout, CancellationToken cancellationToken, int uploads = 2)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var difference = await DifferenceAsync(expected, uploads, cancellationToken);
            if (difference is null || DateTime.UtcNow > deadline)
            {
                return difference;
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private async Task<string?> DifferenceAsync(
        Dictionary<(string Indicator, Period Period, string Unit), (long Numerator, long Denominator, long FullOnline, long PartialOnline)> expected,
        int uploads, CancellationToken cancellationToken)
    {
        var reports = new List<string>();
        await foreach (var id in new UploadReportStore(_storage).ListReportedIdsAsync(cancellationToken))
        {
            reports.Add(id);
        }

        if (reports.Count != uploads)
        {
            return $"{reports.Count} reports for {uploads} uploads";
        }

        var pending = await new AggregationRequests(_storage).PendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            return $"Months still pending: {string.Join(", ", pending)}";
        }

        var stored = await ExpectedDossierFigures.StoredAsync(new DossierFigureStore(_storage), expected.Keys.Select(k => (k.Indicator, k.Period)), cancellationToken);
        var wrong = expected.Where(e => !stored.TryGetValue(e.Key, out var s) || s != e.Value).Take(5)
            .Select(e => $"{e.Key}: stored {(stored.TryGetValue(e.Key, out var s) ? s.ToString() : "nothing")}, expected {e.Value}").ToList();
        return wrong.Count == 0 && stored.Count == expected.Count ? null : $"Figures differ: {string.Join("; ", wrong)} ({stored.Count} stored, {expected.Count} expected)";
    }
}
