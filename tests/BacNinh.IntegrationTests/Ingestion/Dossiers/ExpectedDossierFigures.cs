using BacNinh.Core.Periods;
using BacNinh.Storage.Dossiers;

namespace BacNinh.IntegrationTests.Ingestion.Dossiers;

/// <summary>
/// The record figures counted here, from the dossiers a test wrote, with the contract's rules (§2b)
/// and none of the product's code: online and digitized per unit and month received, on time per
/// unit and month resolved (a due date without a time means the whole day).
/// </summary>
public static class ExpectedDossierFigures
{
    public static Dictionary<(string Indicator, Period Period, string Unit), (long Numerator, long Denominator, long FullOnline, long PartialOnline)> Count(IEnumerable<TestDossier> dossiers)
    {
        var figures = new Dictionary<(string, Period, string), (long, long, long, long)>();
        void Add((string, Period, string) key, bool yes, bool full = false, bool partial = false)
        {
            var (n, d, f, p) = figures.GetValueOrDefault(key);
            figures[key] = (n + (yes ? 1 : 0), d + 1, f + (full ? 1 : 0), p + (partial ? 1 : 0));
        }

        foreach (var dossier in dossiers)
        {
            var received = new Period(dossier.Received.Year, dossier.Received.Month);
            Add(("ONLINE_DOSSIERS", received, dossier.Unit), dossier.Channel.StartsWith("Trực tuyến", StringComparison.Ordinal),
                dossier.Channel == "Trực tuyến toàn trình", dossier.Channel == "Trực tuyến một phần");
            Add(("DIGITIZED", received, dossier.Unit), dossier.Digitized);
            if (dossier is { Resolved: { } resolved, Due: { } due })
            {
                Add(("ON_TIME", new Period(resolved.Year, resolved.Month), dossier.Unit), resolved.Date <= due.Date);
            }
        }

        return figures;
    }

    /// <summary>What the figure store holds for the same keys (and any other unit of those months and indicators).</summary>
    public static async Task<Dictionary<(string Indicator, Period Period, string Unit), (long Numerator, long Denominator, long FullOnline, long PartialOnline)>> StoredAsync(
        DossierFigureStore store, IEnumerable<(string Indicator, Period Period)> months, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<(string, Period, string), (long, long, long, long)>();
        foreach (var (indicator, period) in months.Distinct())
        {
            foreach (var o in await store.ListCurrentAsync(period, indicator, ["FullOnline", "PartialOnline"], cancellationToken))
            {
                stored[(indicator, period, o.UnitCode)] = (o.Numerator!.Value, o.Denominator!.Value,
                    o.Breakdowns.GetValueOrDefault("FullOnline"), o.Breakdowns.GetValueOrDefault("PartialOnline"));
            }
        }

        return stored;
    }
}
