using Azure;
using Azure.Storage.Blobs;
using BacNinh.Core.Indicators;
using BacNinh.Core.Reference;
using BacNinh.Core.Targets;
using BacNinh.Core.Timeliness;
using BacNinh.Core.Units;
using BacNinh.Core.Uploaders;
using Microsoft.Extensions.Logging;

namespace BacNinh.Storage.Reference;

/// <summary>
/// The reference data in force: an administrator replaces the unit registry, the indicator
/// catalog, the targets or the uploader registry by uploading <c>units.csv</c>, <c>indicators.json</c>,
/// <c>targets.csv</c>, <c>uploaders.csv</c> or <c>reporting-deadlines.csv</c> to the <c>reference</c> container. Files are read at use and kept for
/// <see cref="CacheFor"/>; a missing file means the embedded default; an invalid one is logged
/// and ignored, and the data last loaded stays in force.
/// </summary>
public partial class ReferenceDataStore(StorageAccount account, TimeProvider time, ILogger<ReferenceDataStore> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly BlobContainerClient _container = account.Blobs.GetBlobContainerClient(StorageNames.ReferenceContainer);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReferenceData _defaults = ReferenceData.LoadDefaults();
    private readonly Dictionary<string, (ETag ETag, object Value)> _loaded = new(StringComparer.Ordinal);
    private ReferenceData? _current;
    private UploaderRegistry? _uploadersFile;
    private DateTimeOffset _expires;

    public virtual async Task<ReferenceData> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } cached && time.GetUtcNow() < _expires)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fresh && time.GetUtcNow() < _expires)
            {
                return fresh;
            }

            var units = await LoadAsync(ReferenceData.UnitsFile, ReferenceData.LoadUnits, cancellationToken).ConfigureAwait(false) ?? _defaults.Units;
            var indicators = await LoadAsync(ReferenceData.IndicatorsFile, Validated, cancellationToken).ConfigureAwait(false) ?? _defaults.Indicators;
            var targets = await LoadAsync(ReferenceData.TargetsFile, ReferenceData.LoadTargets, cancellationToken).ConfigureAwait(false) ?? _defaults.Targets;

            var deadlines = await LoadAsync(ReportingDeadlines.FileName, ReportingDeadlines.Load, cancellationToken).ConfigureAwait(false) ?? _defaults.Deadlines;

            // Without a file, ReferenceData generates the uploaders from the units in force.
            var uploaders = await LoadAsync(ReferenceData.UploadersFile, ReferenceData.LoadUploaders, cancellationToken).ConfigureAwait(false);
            _current = _current is { } previous && ReferenceEquals(previous.Units, units) && ReferenceEquals(previous.Indicators, indicators)
                && ReferenceEquals(previous.Targets, targets) && ReferenceEquals(_uploadersFile, uploaders) && ReferenceEquals(previous.Deadlines, deadlines)
                ? previous
                : uploaders is null
                    ? new ReferenceData(units, indicators, targets) { Deadlines = deadlines }
                    : new ReferenceData(units, indicators, targets) { Uploaders = uploaders, Deadlines = deadlines };
            _uploadersFile = uploaders;
            _expires = time.GetUtcNow() + CacheFor;
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static IndicatorCatalog Validated(Stream json)
    {
        var catalog = IndicatorCatalog.Load(json);
        if (catalog.Indicators.Count == 0 || catalog.Columns.Unit.Synonyms.Count == 0)
        {
            throw new InvalidDataException("The catalog needs at least one indicator and the unit column's header synonyms.");
        }

        return catalog;
    }

    /// <summary>The file's content; null when there is no file (the default applies), the last good one when it is invalid.</summary>
    private async Task<T?> LoadAsync<T>(string fileName, Func<Stream, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        var blob = _container.GetBlobClient(fileName);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (_loaded.TryGetValue(fileName, out var known) && known.ETag == properties.Value.ETag)
            {
                return (T)known.Value;
            }

            using var content = new MemoryStream();
            await blob.DownloadToAsync(content, cancellationToken).ConfigureAwait(false);
            content.Position = 0;
            var value = parse(content);
            if (value is UnitRegistry { All.Count: 0 } or TargetBook { All.Count: 0 } or UploaderRegistry { All.Count: 0 } or ReportingDeadlines { Entries.Count: 0 })
            {
                throw new InvalidDataException("The file has no rows.");
            }

            _loaded[fileName] = (properties.Value.ETag, value);
            LogLoaded(fileName, properties.Value.ETag.ToString());
            return value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _loaded.Remove(fileName);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            LogRejected(ex, fileName, StorageNames.ReferenceContainer);
            return _loaded.TryGetValue(fileName, out var previous) ? (T)previous.Value : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference file {FileName} ({ETag}) loaded")]
    private partial void LogLoaded(string fileName, string eTag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reference file {FileName} in container {Container} is invalid and was ignored; the data loaded before stays in force")]
    private partial void LogRejected(Exception exception, string fileName, string container);
}
