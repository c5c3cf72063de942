using System.Globalization;
using Azure.Data.Tables;
using BacNinh.Core.Datasets;
using BacNinh.Core.Indicators;
using BacNinh.Core.Periods;
using BacNinh.Core.Reference;
using BacNinh.Core.Units;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Reference;
using BacNinh.Storage.Uploads;

namespace BacNinh.LocalHost.Sample;

/// <summary>
/// The main job's extra step: uploads the sample months (July and August 2023, June and July 2025
/// around the reorganization) into <c>uploads/{coordinator}/{yyyy-MM}/</c> as the coordinating
/// department of each month would (its scope is every unit: <c>so-tttt</c>, then <c>so-khcn</c>),
/// with a generated one-stop-shop dossier export of July 2025 (<see cref="SampleDossierExport"/>),
/// waits for the triggers to process them, and prints what was computed, one record-based rate next
/// to the typed one, and one line of comparable figures across the reorganizations.
/// </summary>
public static class SampleMonths
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Sample");

    /// <summary>The month of the seed article (Bắc Ninh, August 2023) whose figures the sample reproduces.</summary>
    public static Period ArticleMonth { get; } = new(2023, 8);

    public static async Task LoadAndSummarizeAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var account = services.GetRequiredService<StorageAccount>();
        var reports = services.GetRequiredService<UploadReportStore>();
        var requests = services.GetRequiredService<AggregationRequests>();
        var uploads = account.Blobs.GetBlobContainerClient(StorageNames.UploadsContainer);

        var files = Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)!) is var dir && Period.TryParse(dir, out _))
            .Order(StringComparer.Ordinal)
            .ToList();
        var reference = await services.GetRequiredService<ReferenceDataStore>().GetAsync(cancellationToken).ConfigureAwait(false);
        var uploadIds = new List<(string Folder, string Id)>();
        foreach (var file in files)
        {
            var period = Path.GetFileName(Path.GetDirectoryName(file)!);

            // The coordinating department of the month uploads it: so-tttt in 2023, so-khcn after the merger of early 2025.
            var folder = reference.Uploaders.CoordinatorFor(Period.Parse(period))?.Folder
                ?? throw new InvalidOperationException($"No coordinating department is registered for {period}.");
            var blobName = $"{folder}/{period}/{Path.GetFileName(file)}";
            await using var content = File.OpenRead(file);
            var written = await uploads.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
            uploadIds.Add((folder, UploadVersion.IdFor(blobName, written.Value.ETag.ToString())));
            await output.WriteLineAsync($"Uploaded {StorageNames.UploadsContainer}/{blobName}").ConfigureAwait(false);
        }

        // A one-stop-shop export of a month whose typed online-dossier rates are uploaded above, generated (§2b):
        // uploaded as any file is, by the month's coordinating department.
        var typedOnline = SampleDossierExport.TypedFile(Folder);
        var exportUnits = File.Exists(typedOnline) ? SampleDossierExport.Plan(typedOnline) : [];
        if (exportUnits.Count > 0)
        {
            var folder = reference.Uploaders.CoordinatorFor(SampleDossierExport.Month)?.Folder
                ?? throw new InvalidOperationException($"No coordinating department is registered for {SampleDossierExport.Month}.");
            var blobName = $"{folder}/{SampleDossierExport.Month}/{SampleDossierExport.FileName}";
            var written = await uploads.GetBlobClient(blobName).UploadAsync(new BinaryData(SampleDossierExport.Generate(exportUnits)), overwrite: true, cancellationToken).ConfigureAwait(false);
            uploadIds.Add((folder, UploadVersion.IdFor(blobName, written.Value.ETag.ToString())));
            await output.WriteLineAsync($"Uploaded {StorageNames.UploadsContainer}/{blobName} (generated dossier export, {exportUnits.Sum(u => u.Received)} dossiers)").ConfigureAwait(false);
        }

        // Wait for the blob trigger to report on every file and for the queued recomputations to finish.
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        foreach (var (folder, id) in uploadIds)
        {
            while (!await reports.ExistsAsync(folder, id, cancellationToken).ConfigureAwait(false))
            {
                ThrowIfLate(deadline);
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }

        while ((await requests.PendingAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            ThrowIfLate(deadline);
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (folder, id) in uploadIds)
        {
            var report = await reports.GetAsync(folder, id, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  {report!.BlobPath}: {report.Status}, {report.RowsAccepted} rows accepted, {report.RowsRejected} rejected, {report.Problems.Count} problems").ConfigureAwait(false);
        }

        var periods = files.Select(f => Period.Parse(Path.GetFileName(Path.GetDirectoryName(f)!))).Distinct().Order().ToList();
        var latest = periods.DefaultIfEmpty().Max();
        var reader = services.GetRequiredService<DatasetReader>();

        // The article's month first (the figures the product must reproduce), then the province as it is today.
        Period[] shown = periods.Contains(ArticleMonth) && ArticleMonth != latest ? [ArticleMonth, latest] : [latest];
        foreach (var period in shown)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await PrintTierAggregatesAsync(reader, period, output, cancellationToken).ConfigureAwait(false);
            var bulletin = await services.GetRequiredService<BulletinStore>().GetAsync(period, "md", cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(bulletin ?? "(no bulletin written)").ConfigureAwait(false);
        }

        if (exportUnits.Count > 0)
        {
            await SampleRecordRates.PrintAsync(reader, SampleDossierExport.Month, exportUnits[0].Code, output, cancellationToken).ConfigureAwait(false);
        }

        await PrintComparableLinesAsync(reader, reference, periods, output, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Serving: /api/datasets/{{Set}}.csv|json, /api/odata, /api/bulletins/{{yyyy-MM}}?format=md|html ({string.Join(", ", periods)})").ConfigureAwait(false);
    }

    private static async Task PrintTierAggregatesAsync(DatasetReader reader, Period period, TextWriter output, CancellationToken cancellationToken)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        await output.WriteLineAsync($"Tier aggregates for {period} (headline rate, units reporting/expected, change in points):").ConfigureAwait(false);
        var dataset = DatasetCatalog.TierAggregates;
        await foreach (var row in reader.ReadAsync(dataset, new DatasetFilter(period, null, null), cancellationToken).ConfigureAwait(false))
        {
            if (row.GetInt32("UnitsReporting") is null or 0)
            {
                // A tier the month does not have (districts from July 2025), or an indicator no file of the sample carries.
                continue;
            }

            var headline = DatasetValues.Get(row, dataset.Find("HeadlineRate")!) as decimal?;
            var delta = DatasetValues.Get(row, dataset.Find("DeltaPoints")!) as decimal?;
            await output.WriteLineAsync(string.Create(vi,
                $"  {row.GetString("IndicatorCode"),-20} {row.GetString("Tier"),-9} {(headline is null ? "—" : headline.Value.ToString("0.00", vi) + "%"),9}  {row.GetInt32("UnitsReporting")}/{row.GetInt32("UnitsExpected")}  {(delta is null ? string.Empty : delta.Value.ToString("+0.00;-0.00", vi))}")).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One line per month across the reorganizations, on comparable figures: the communes of old Bắc Ninh
    /// (the territory that ended), and the commune of today that the most units became.
    /// </summary>
    private static async Task PrintComparableLinesAsync(DatasetReader reader, ReferenceData reference, IReadOnlyList<Period> periods, TextWriter output, CancellationToken cancellationToken)
    {
        var indicator = reference.Indicators.Indicators.FirstOrDefault(i => i.Headline == HeadlineRule.Pooled) ?? reference.Indicators.Indicators[0];
        var dataset = DatasetCatalog.ComparableObservations;
        var rows = new List<TableEntity>();
        foreach (var period in periods)
        {
            await foreach (var row in reader.ReadAsync(dataset, new DatasetFilter(period, indicator.Code, TierNames.Commune), cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var territory = reference.Territories.FirstOrDefault(t => t.ValidTo is not null)?.Code;
        var territories = reference.Territories.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var merged = rows.Where(r => !territories.Contains(r.GetString("UnitCode")) && r.GetString("Period") == periods[0].ToString())
            .MaxBy(r => r.GetInt32("PredecessorsExpected") ?? 0)?.GetString("UnitCode");
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Comparable figures for {indicator.Code} (units as of {rows[0].GetDateTimeOffset("AsOf"):yyyy-MM-dd}), one line across the reorganizations:").ConfigureAwait(false);
        foreach (var code in new[] { territory, merged }.OfType<string>())
        {
            var line = rows.Where(r => r.GetString("UnitCode") == code).OrderBy(r => r.GetString("Period"), StringComparer.Ordinal).ToList();
            if (line.Count == 0)
            {
                continue;
            }

            var vi = CultureInfo.GetCultureInfo("vi-VN");
            var months = line.Select(r => DatasetValues.Get(r, dataset.Find("Rate")!) is decimal rate
                ? string.Create(vi, $"{r.GetString("Period")} {rate:0.00}% ({r.GetString("Basis")} {r.GetInt32("PredecessorsReported")}/{r.GetInt32("PredecessorsExpected")})")
                : $"{r.GetString("Period")} —");
            await output.WriteLineAsync($"  {line[^1].GetString("UnitName")} ({code}): {string.Join(" · ", months)}").ConfigureAwait(false);
        }
    }

    private static void ThrowIfLate(DateTimeOffset deadline)
    {
        if (DateTimeOffset.UtcNow > deadline)
        {
            throw new TimeoutException("The sample uploads were not processed within 3 minutes; see the host log above.");
        }
    }
}
