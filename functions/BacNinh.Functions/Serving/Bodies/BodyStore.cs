using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BacNinh.Functions.Serving.Bodies;

/// <summary>
/// The one store of dataset bodies, month parts and OData pages, each kept under a name (one body
/// per name: a newer content replaces the older) and the tag of the content it was written from, so
/// a kept body never goes stale. Looked up in memory, then on this process's local disk, then as a
/// blob (kept by any process), and otherwise built once: however many requests ask for a body at the
/// same time, one builds it and the others wait for it, answered as soon as it is in memory (its
/// local copy and blob are written after). A body smaller than <see cref="DatasetBodyOptions.BlobBodyKilobytes"/>
/// is not kept as a blob: building it again costs a storage read, as fetching it would. A failure to keep
/// a body is logged and only means it is built again.
/// </summary>
public sealed class BodyStore : IDisposable
{
    private readonly ByteBudget<KeptBody> _memory;
    private readonly long _memoryBodyBytes;
    private readonly long _blobBodyBytes;
    private readonly DiskBodies _disk;
    private readonly DatasetBodyBlobs _blobs;
    private readonly ILogger<BodyStore> _logger;
    private readonly ConcurrentDictionary<(string Name, string Tag), Lazy<Task<KeptBody>>> _flights = new();
    private readonly ConcurrentDictionary<Task, bool> _copying = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, string>>>> _listings = new(StringComparer.Ordinal);

    public BodyStore(DatasetBodyBlobs blobs, IOptions<DatasetBodyOptions> options, ILogger<BodyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _blobs = blobs;
        _logger = logger;
        _memory = new ByteBudget<KeptBody>(settings.MemoryMegabytes * 1024L * 1024);
        _memoryBodyBytes = settings.MemoryBodyKilobytes * 1024L;
        _blobBodyBytes = settings.BlobBodyKilobytes * 1024L;
        _disk = new DiskBodies(settings.LocalCopyMegabytes * 1024L * 1024, logger);
    }

    /// <summary>The folder of this process's local copies; null when it keeps none.</summary>
    public string? LocalFolder => _disk.Folder;

    /// <summary>A body's name: its kind (a dataset, or the pages) and a digest of what it holds, with its format.</summary>
    public static string NameFor(string kind, string key, string format) =>
        $"{kind}/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}.{format}";

    /// <summary>The body of <paramref name="name"/> as of <paramref name="tag"/> if it is in memory (nothing is awaited).</summary>
    public KeptBody? FindInMemory(string name, string tag) => _memory.Find(name) is { } kept && kept.Tag == tag ? kept : null;

    /// <summary>
    /// The body of <paramref name="name"/> as of <paramref name="tag"/>: kept, or built by
    /// <paramref name="build"/> and kept. The build is not cancelled when the caller leaves: others may be waiting for it.
    /// </summary>
    /// <param name="lookInBlobs">False when the caller knows no blob of this tag is kept (<see cref="BlobTagsAsync"/>): no round trip to find none.</param>
    public Task<KeptBody> GetOrBuildAsync(string name, string tag, Func<Task<BuiltBody>> build, bool lookInBlobs = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (FindInMemory(name, tag) is { } kept)
        {
            return Task.FromResult(kept);
        }

        var key = (name, tag);
        var flight = _flights.GetOrAdd(key, k => new Lazy<Task<KeptBody>>(() => FlyAsync(k, build, lookInBlobs)));
        return flight.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The tag of each body kept as a blob under <paramref name="prefix"/>, by name: one listing, shared by the
    /// requests that ask meanwhile, tells a reader of many parts which are worth fetching. Empty when it fails.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> BlobTagsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var listing = _listings.GetOrAdd(prefix, p => new Lazy<Task<IReadOnlyDictionary<string, string>>>(() => ListAsync(p)));
        return listing.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the local copies and blobs of the bodies found or built so far are written (or failed).</summary>
    public Task CopiesWrittenAsync() => Task.WhenAll(_copying.Keys);

    public void Dispose() => _disk.Dispose();

    private async Task<IReadOnlyDictionary<string, string>> ListAsync(string prefix)
    {
        try
        {
            return await _blobs.TagsAsync(prefix, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            BodyLog.BlobReadFailed(_logger, prefix, ex);
            return new Dictionary<string, string>();
        }
        finally
        {
            _listings.TryRemove(prefix, out _);
        }
    }

    private async Task<KeptBody> FlyAsync((string Name, string Tag) key, Func<Task<BuiltBody>> build, bool lookInBlobs)
    {
        var copies = Task.CompletedTask;
        try
        {
            (var body, copies) = await FindOrBuildAsync(key.Name, key.Tag, build, lookInBlobs).ConfigureAwait(false);
            return body;
        }
        finally
        {
            // The waiters have the body now; the flight stays until its copies are written, so a request
            // meanwhile (the body pushed out of memory, or too large for it) joins it instead of building again.
            _copying[copies] = true;
            _ = copies.ContinueWith(done => _copying.TryRemove(done, out _) && _flights.TryRemove(key, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>The body, and the writing of its copies that the waiters do not wait for.</summary>
    private async Task<(KeptBody Body, Task Copies)> FindOrBuildAsync(string name, string tag, Func<Task<BuiltBody>> build, bool lookInBlobs)
    {
        if (await _disk.ReadAsync(name, tag, CancellationToken.None).ConfigureAwait(false) is { } local)
        {
            KeepInMemory(name, local);
            return (local, Task.CompletedTask);
        }

        try
        {
            if (lookInBlobs && await _blobs.ReadAsync(name, tag, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                KeepInMemory(name, stored);
                return (stored, _disk.WriteAsync(name, stored, CancellationToken.None));
            }
        }
        catch (RequestFailedException ex)
        {
            BodyLog.BlobReadFailed(_logger, name, ex);
        }

        var built = await build().ConfigureAwait(false);
        var body = new KeptBody(tag, built.Bytes, built.ContentType);
        KeepInMemory(name, body);
        return (body, built.Empty ? Task.CompletedTask : WriteCopiesAsync(name, body));
    }

    private async Task WriteCopiesAsync(string name, KeptBody body)
    {
        await _disk.WriteAsync(name, body, CancellationToken.None).ConfigureAwait(false);
        if (body.Bytes.Length < _blobBodyBytes)
        {
            return;
        }

        try
        {
            await _blobs.WriteAsync(name, body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            BodyLog.BlobWriteFailed(_logger, name, ex);
        }
    }

    private void KeepInMemory(string name, KeptBody body)
    {
        if (body.Bytes.Length <= _memoryBodyBytes)
        {
            _memory.Add(name, body, body.Bytes.Length);
        }
    }
}
