using System.Globalization;
using BacNinh.Core.Datasets;
using BacNinh.Core.Periods;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Serving.Datasets;
using BacNinh.Storage;
using BacNinh.Storage.Aggregation;
using BacNinh.Storage.Uploads;

namespace BacNinh.LocalHost.Sample;

/// <summary>
/// The main job's extra step: uploads the sample months (July and August 2023) into
/// <c>uploads/so-tttt/{yyyy-MM}/</c> as the coordinating department would (its scope is every
/// unit), waits for the triggers to process them, and prints what was computed.
/// </summary>
public static class SampleMonths
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Sample");

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
        var uploadIds = new List<string>();
        foreach (var file in files)
        {
            var period = Path.GetFileName(Path.GetDirectoryName(file)!);
            var blobName = $"{UploaderRegistry.CoordinatorFolder}/{period}/{Path.GetFileName(file)}";
            await using var content = File.OpenRead(file);
            var written = await uploads.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
            uploadIds.Add(UploadVersion.IdFor(blobName, written.Value.ETag.ToString()));
            await output.WriteLineAsync($"Uploaded {StorageNames.UploadsContainer}/{blobName}").ConfigureAwait(false);
        }

        // Wait for the blob trigger to report on every file and for the queued recomputations to finish.
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        foreach (var id in uploadIds)
        {
            while (!await reports.ExistsAsync(UploaderRegistry.CoordinatorFolder, id, cancellationToken).ConfigureAwait(false))
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

        foreach (var id in uploadIds)
        {
            var report = await reports.GetAsync(UploaderRegistry.CoordinatorFolder, id, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  {report!.BlobPath}: {report.Status}, {report.RowsAccepted} rows accepted, {report.RowsRejected} rejected, {report.Problems.Count} problems").ConfigureAwait(false);
        }

        var latest = files.Select(f => Period.Parse(Path.GetFileName(Path.GetDirectoryName(f)!))).DefaultIfEmpty().Max();
        await PrintTierAggregatesAsync(services.GetRequiredService<DatasetReader>(), latest, output, cancellationToken).ConfigureAwait(false);

        var bulletin = await services.GetRequiredService<BulletinStore>().GetAsync(latest, "md", cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(bulletin ?? "(no bulletin written)").ConfigureAwait(false);
        await output.WriteLineAsync($"Serving: /api/datasets/{{Set}}.csv|json, /api/odata, /api/bulletins/{latest}?format=md|html").ConfigureAwait(false);
    }

    private static async Task PrintTierAggregatesAsync(DatasetReader reader, Period period, TextWriter output, CancellationToken cancellationToken)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        await output.WriteLineAsync($"Tier aggregates for {period} (headline rate, units reporting/expected, change in points):").ConfigureAwait(false);
        var dataset = DatasetCatalog.TierAggregates;
        await foreach (var row in reader.ReadAsync(dataset, new DatasetFilter(period, null, null), cancellationToken).ConfigureAwait(false))
        {
            var headline = DatasetValues.Get(row, dataset.Find("HeadlineRate")!) as decimal?;
            var delta = DatasetValues.Get(row, dataset.Find("DeltaPoints")!) as decimal?;
            await output.WriteLineAsync(string.Create(vi,
                $"  {row.GetString("IndicatorCode"),-20} {row.GetString("Tier"),-9} {(headline is null ? "—" : headline.Value.ToString("0.00", vi) + "%"),9}  {row.GetInt32("UnitsReporting")}/{row.GetInt32("UnitsExpected")}  {(delta is null ? string.Empty : delta.Value.ToString("+0.00;-0.00", vi))}")).ConfigureAwait(false);
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
