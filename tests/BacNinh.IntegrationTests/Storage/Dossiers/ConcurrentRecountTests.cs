using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Uploaders;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Dossiers;
using BacNinh.Storage.Uploads;

namespace BacNinh.IntegrationTests.Storage.Dossiers;

/// <summary>
/// Two recounts in flight at once (two uploads, or two instances): whichever finishes last, a dossier
/// counts once. Here a recount of a month scans it, then a newer export moves one of its dossiers to
/// another month and that month's recount tombstones it here and recounts this month; the first
/// recount's figures, counting the dossier still, are written after all that.
/// </summary>
public sealed class ConcurrentRecountTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly Period March = new(2022, 3);
    private static readonly Period May = new(2022, 5);

    [Fact]
    public async Task ARecountThatScannedBeforeADossierMovedOutDoesNotCountItWhenItFinishesLast()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var units = ReferenceData.LoadDefaults().Units;
        var unit = units.For(March).Units[0];
        var records = new DossierRecordStore(host.Storage, TimeProvider.System);
        var aggregation = new AggregationRequests(host.Storage);
        var figures = new DossierFigureStore(host.Storage);
        var recount = new DossierRecount(records, figures, aggregation, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        // The first export: two dossiers received in March, counted.
        var older = Version("cu.csv", now.AddHours(-1));
        await WriteAsync(records, older, [Dossier("HS-X", unit, March), Dossier("HS-Y", unit, March)], cancellationToken);
        await recount.RecountAsync(March, units, older.UploadId, null, cancellationToken);

        // March recounted again (another upload of March), held after its scan, before it writes its figures.
        var held = new HeldFigureStore(host.Storage, March);
        var slow = new DossierRecount(records, held, aggregation, TimeProvider.System).RecountAsync(March, units, "another-upload", null, cancellationToken);
        await held.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

        // A re-export says HS-X was received in May: May's recount tombstones it in March, then March is recounted.
        var newer = Version("moi.csv", now);
        await WriteAsync(records, newer, [Dossier("HS-X", unit, May)], cancellationToken);
        var may = await recount.RecountAsync(May, units, newer.UploadId, null, cancellationToken);
        Assert.Contains(March, may.Displaced);
        await recount.RecountAsync(March, units, newer.UploadId, null, cancellationToken);

        // The held recount writes its figures last.
        held.Release.SetResult();
        await slow;

        Assert.Equal(1L, await ReceivedAsync(figures, March, unit.Code, cancellationToken));
        Assert.Equal(1L, await ReceivedAsync(figures, May, unit.Code, cancellationToken));
    }

    private static UploadVersion Version(string file, DateTimeOffset uploadedAt) =>
        new(UploadPath.Parse($"so-tttt/{March}/{file}"), "0x" + file, uploadedAt, 1, null);

    private static DossierRecord Dossier(string id, Core.Units.Unit unit, Period received)
    {
        var at = received.Start.ToDateTime(new TimeOnly(8, 0)).AddDays(9);
        return new DossierRecord(id, unit, at, at.Date.AddDays(5), null, DossierChannel.InPerson, null, 2);
    }

    private static async Task WriteAsync(DossierRecordStore records, UploadVersion version, IEnumerable<DossierRecord> dossiers, CancellationToken cancellationToken)
    {
        var writer = records.OpenWriter(version, (_, _) => Task.CompletedTask, cancellationToken);
        await using (writer)
        {
            foreach (var dossier in dossiers)
            {
                writer.Add(dossier);
            }

            await writer.CompleteAsync();
        }
    }

    /// <summary>Dossiers received in <paramref name="month"/> by the unit, as the record figures count them.</summary>
    private static async Task<long> ReceivedAsync(DossierFigureStore figures, Period month, string unitCode, CancellationToken cancellationToken) =>
        (await figures.ListCurrentAsync(month, DossierTally.OnlineDossiers, [], cancellationToken)).SingleOrDefault(o => o.UnitCode == unitCode)?.Denominator ?? 0;

    /// <summary>The real store, whose first replacement of <c>month</c>'s figures waits until the test lets it go on.</summary>
    private sealed class HeldFigureStore(StorageAccount account, Period month) : DossierFigureStore(account)
    {
        private int _held;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ReplaceContributionAsync(Period received, IReadOnlyCollection<Core.Ingestion.UnitObservation> observations, DateTimeOffset changedAt,
            CancellationToken cancellationToken = default)
        {
            if (received == month && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Reached.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            await base.ReplaceContributionAsync(received, observations, changedAt, cancellationToken);
        }
    }
}
