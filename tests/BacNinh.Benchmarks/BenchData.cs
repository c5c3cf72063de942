using System.Globalization;
using System.Text;
using BacNinh.Core.Aggregation;
using BacNinh.Core.Ingestion;
using BacNinh.Core.Periods;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Datasets;
using BacNinh.Storage.Uploads;

namespace BacNinh.Benchmarks;

/// <summary>Data written straight into storage with batched writes, so a benchmark measures what it serves or computes, not uploads.</summary>
internal static class BenchData
{
    public static readonly string[] Indicators = ["DOC_SIGNED", "WORK_DOSSIER_ONLINE", "ONLINE_DOSSIERS"];

    public static readonly Period FirstMonth = new(2020, 1);

    /// <summary>
    /// Served Observations for <paramref name="months"/> months from <see cref="FirstMonth"/>, each
    /// with <paramref name="units"/> units per indicator: written as a computation would write them
    /// (versioned rows) and switched in by the month's pointer. With <paramref name="reportingSets"/>, the
    /// months' <see cref="ReportingSets"/> too, under the same versions.
    /// </summary>
    public static async Task LoadObservationsAsync(StorageAccount account, int months, int units, bool reportingSets = false, CancellationToken cancellationToken = default)
    {
        var store = new AggregationStore(account);
        var discrepancies = new ReportDiscrepancyStore(account);
        var versions = new MonthVersions(account);
        var updatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var reporting = reportingSets ? new ReportingSets(account, months, units) : null;
        if (reporting is not null)
        {
            await reporting.UploadAsync(Enumerable.Range(0, months).Select(m => Period.FromDate(FirstMonth.Start.AddMonths(m))), cancellationToken).ConfigureAwait(false);
        }

        // Two months at a time keep the storage emulator busy (each write is four transactions in flight).
        await Parallel.ForEachAsync(Enumerable.Range(0, months), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (m, token) =>
        {
            var period = FirstMonth;
            for (var i = 0; i < m; i++)
            {
                period = period.Next;
            }

            var version = MonthVersions.NewVersion(updatedAt.AddDays(m));
            foreach (var indicator in Indicators)
            {
                var results = Enumerable.Range(0, units).Select(u => Result(period, indicator, u)).ToList();
                // A unit in twenty did not report (MissingReports).
                var missing = results.Where((_, u) => u % 20 == 7).Select(r => new MissingReport(period, indicator, r.Tier, r.UnitCode, r.UnitName, r.ParentCode, r.ParentName)).ToList();
                await store.SaveAsync(new PeriodAggregation(period, indicator, results, Tiers(period, indicator, units), [], missing), updatedAt, version, token).ConfigureAwait(false);

                // A unit in ten whose records disagree with its typed figures (ReportDiscrepancies).
                await discrepancies.SaveAsync(results.Where((_, u) => u % 10 == 3).Select(r => new ReportDiscrepancy(period, indicator, r.UnitCode, r.UnitName, r.Tier,
                    r.Rate ?? 0m, (r.Rate ?? 0m) - 2.5m, r.Numerator, r.Denominator, (r.Numerator ?? 0) - 5, r.Denominator ?? 0)), updatedAt, version, token).ConfigureAwait(false);
            }

            if (reporting is not null)
            {
                await reporting.WriteAsync(period, updatedAt, version, token).ConfigureAwait(false);
            }

            await versions.SwitchAsync(period, version, null, updatedAt, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Removes every body and page kept as a blob, so a new process reads the tables.</summary>
    public static async Task RemoveKeptBodiesAsync(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var kept = account.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer);
        await foreach (var blob in kept.GetBlobsAsync().ConfigureAwait(false))
        {
            await kept.DeleteBlobIfExistsAsync(blob.Name).ConfigureAwait(false);
        }
    }

    /// <summary>A new computation of <paramref name="period"/> (every unit one less done), written beside the served one and switched in.</summary>
    public static async Task RecomputeMonthAsync(StorageAccount account, Period period, int units, CancellationToken cancellationToken = default)
    {
        var store = new AggregationStore(account);
        var versions = new MonthVersions(account);
        var now = DateTimeOffset.UtcNow;
        var version = MonthVersions.NewVersion(now);
        var seen = await versions.GetAsync(period, cancellationToken).ConfigureAwait(false);
        foreach (var indicator in Indicators)
        {
            var results = Enumerable.Range(0, units).Select(u => Result(period, indicator, u, less: 1)).ToList();
            await store.SaveAsync(new PeriodAggregation(period, indicator, results, [], [], []), now, version, cancellationToken).ConfigureAwait(false);
        }

        _ = await versions.SwitchAsync(period, version, seen, now, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The pointer of {period} changed while it was recomputed.");
    }

    private static readonly string[] TierNames = ["province", "district", "commune", "all"];

    /// <summary>The four tier rows of a month and indicator (what TierAggregates serves).</summary>
    private static List<AggregateResult> Tiers(Period period, string indicator, int units) =>
        [.. TierNames.Select((tier, i) =>
            new AggregateResult(period, indicator, tier, null, null, units, units - i, units - i, 80m + i, 81m + i, 80m + i, 10m, 100m, i, units / 2, 80m, i % 2 == 0, 79m, 1m + i))];

    private static UnitResult Result(Period period, string indicator, int u, int less = 0)
    {
        var denominator = 100 + (u * 37 % 900);
        var numerator = denominator - (u * 13 % 50) - less;
        var rate = Math.Round(100m * numerator / denominator, 10);
        return new UnitResult(period, indicator, u % 10 == 0 ? Tier.Province : Tier.Commune, $"U{u:D6}", $"Xã Thử {u:D6}", $"D{u / 50:D4}", $"Huyện Thử {u / 50:D4}",
            numerator, denominator, rate, 80m, rate >= 80m, rate - 1.5m, 1.5m, u + 1, new Dictionary<string, long>());
    }

    /// <summary>A registry of <paramref name="units"/> units (a tenth province agencies, districts of 50 communes, communes) as units.csv.</summary>
    public static byte[] UnitsCsv(int units)
    {
        var csv = new StringBuilder("code,tier,parent_code,full_name,short_name,aliases,valid_from,valid_to\n");
        var agencies = Math.Max(1, units / 10);
        var districts = Math.Max(1, (units - agencies) / 51);
        for (var i = 0; i < agencies; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"S{i:D6},province,,Sở Thử {i:D6},Sở {i:D6},,2020-01-01,\n");
        }

        for (var i = 0; i < districts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"D{i:D6},district,,Huyện Thử {i:D6},Huyện {i:D6},,2020-01-01,\n");
        }

        for (var i = 0; i < units - agencies - districts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"X{i:D6},commune,D{i % districts:D6},Xã Thử {i:D6},Xã {i:D6},,2020-01-01,\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Current values of every unit of <paramref name="registry"/> for the month and indicator, written as ingestion writes them.</summary>
    public static async Task LoadUnitValuesAsync(StorageAccount account, UnitRegistry registry, Period period, CancellationToken cancellationToken = default)
    {
        var table = account.Tables.GetTableClient(StorageNames.UnitValuesTable);
        var version = new UploadVersion(UploadPath.Parse($"bench/{period}/values.xlsx"), "0x1", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 1, null);
        var directory = registry.For(period);
        foreach (var indicator in Indicators)
        {
            var actions = directory.Units.Select((unit, i) =>
            {
                var denominator = 100 + (i * 37 % 900);
                var numerator = denominator - (i * 13 % 50);
                var breakdowns = indicator == "ONLINE_DOSSIERS"
                    ? new Dictionary<string, long> { ["FullOnline"] = numerator / 2, ["PartialOnline"] = numerator - (numerator / 2), ["InPerson"] = denominator - numerator, ["Postal"] = 0 }
                    : [];
                var observation = new UnitObservation(period, indicator, unit.Code, unit.FullName, unit.Tier, unit.ParentCode, numerator, denominator,
                    Math.Round(100m * numerator / denominator, 10), breakdowns, "Sheet1", i + 2);
                var entity = ObservationEntities.ToEntity(observation, TableKeys.PeriodIndicator(period, indicator), TableKeys.Safe(unit.Code), version.UploadId, version.UploadedAt);
                entity[ObservationEntities.UploadedAtProperty] = version.UploadedAt;
                entity[ObservationEntities.UploadOrderProperty] = version.Order;
                return new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.UpsertReplace, entity);
            });
            await TableBatchWriter.SubmitAsync(table, actions, cancellationToken).ConfigureAwait(false);
        }
    }
}
