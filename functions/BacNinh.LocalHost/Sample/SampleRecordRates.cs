using System.Globalization;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Functions.Serving.Datasets;

namespace BacNinh.LocalHost.Sample;

/// <summary>
/// The main job's line on records against reports: one unit's record-based <c>ONLINE_DOSSIERS</c> rate next to the
/// rate it typed, as served (<c>ReportDiscrepancies</c>, <c>Observations</c>). Says so plainly when the month has
/// no record figure apart from the typed one (no dossier export of the month was counted).
/// </summary>
public static class SampleRecordRates
{
    private const string Indicator = "ONLINE_DOSSIERS";

    public static async Task PrintAsync(DatasetReader reader, Period period, string unitCode, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        var discrepancies = DossierDatasets.ReportDiscrepancies;
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Records against reports for {Indicator} in {period} (one-stop-shop dossiers against the typed rate):").ConfigureAwait(false);
        await foreach (var row in reader.ReadAsync(discrepancies, new DatasetFilter(period, Indicator, null), cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("UnitCode") == unitCode)
            {
                var record = (decimal)DatasetValues.Get(row, discrepancies.Find("RecordRate")!)!;
                var typed = (decimal)DatasetValues.Get(row, discrepancies.Find("ReportedRate")!)!;
                await output.WriteLineAsync(string.Create(vi,
                    $"  {row.GetString("UnitName")} ({unitCode}): record-based {record:0.00}% ({row.GetInt64("RecordNumerator")}/{row.GetInt64("RecordDenominator")} dossiers), typed {typed:0.00}% ({row.GetInt64("ReportedNumerator")}/{row.GetInt64("ReportedDenominator")}); the record figure is current")).ConfigureAwait(false);
                return;
            }
        }

        var observations = DatasetCatalog.Observations;
        await foreach (var row in reader.ReadAsync(observations, new DatasetFilter(period, Indicator, null), cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("UnitCode") == unitCode)
            {
                var rate = DatasetValues.Get(row, observations.Find("Rate")!) as decimal?;
                await output.WriteLineAsync(string.Create(vi,
                    $"  {row.GetString("UnitName")} ({unitCode}): {(rate is null ? "—" : rate.Value.ToString("0.00", vi) + "%")} ({row.GetInt64("Numerator")}/{row.GetInt64("Denominator")}); no record-based rate apart from it by more than a point (see the dossier export's upload report above)")).ConfigureAwait(false);
                return;
            }
        }

        await output.WriteLineAsync($"  {unitCode}: no figure served for {period}").ConfigureAwait(false);
    }
}
