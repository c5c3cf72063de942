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
/// blob is written after). The local disk takes what memory cannot hold: a body pushed out of memory,
/// or one larger than memory keeps (writing every body to disk as it was built took about 7 % of the
/// request threads' processor time on a first read of every OData page, profiled). A body smaller than
/// <see cref="DatasetBodyOptions.BlobBodyKilobytes"/> is not kept as a blob: building it again costs a
/// storage read, as fetching it would. A failure to keep a body is logged and only means it is built again.
/// </summary>
public sealed class BodyStore : IDisposable
{
    private readonly ByteBudget<InMemory> _memory;
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
        _memory = new ByteBudget<InMemory>(settings.MemoryMegabytes * 1024L * 1024, pushedOut: MoveToDisk);
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
    public KeptBody? FindInMemory(string name, string tag) => _memory.Find(name) is { } kept && kept.Body.Tag == tag ? kept.Body : null;

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
            Track(copies, key);
        }
    }

    /// <summary>The body, and the writing of its copies that the waiters do not wait for.</summary>
    private async Task<(KeptBody Body, Task Copies)> FindOrBuildAsync(string name, string tag, Func<Task<BuiltBody>> build, bool lookInBlobs)
    {
        if (await _disk.ReadAsync(name, tag, CancellationToken.None).ConfigureAwait(false) is { } local)
        {
            return (local, Keep(name, local, empty: false));
        }

        try
        {
            if (lookInBlobs && await _blobs.ReadAsync(name, tag, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                return (stored, Keep(name, stored, empty: false));
            }
        }
        catch (RequestFailedException ex)
        {
            BodyLog.BlobReadFailed(_logger, name, ex);
        }

        var built = await build().ConfigureAwait(false);
        var body = new KeptBody(tag, built.Bytes, built.ContentType);
        var onDisk = Keep(name, body, built.Empty);
        return (body, built.Empty ? Task.CompletedTask : Task.WhenAll(onDisk, WriteBlobAsync(name, body)));
    }

    private async Task WriteBlobAsync(string name, KeptBody body)
    {
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

    /// <summary>
    /// Keeps <paramref name="body"/> in memory, or on local disk when memory will not take it (an empty one
    /// nowhere else: a filter naming nothing must not fill the disk); the disk write, when there is one.
    /// </summary>
    private Task Keep(string name, KeptBody body, bool empty)
    {
        if (body.Bytes.Length <= _memoryBodyBytes && _memory.Add(name, new InMemory(body, empty), body.Bytes.Length))
        {
            return Task.CompletedTask;
        }

        return empty || _disk.Holds(name, body.Tag) ? Task.CompletedTask : _disk.WriteAsync(name, body, CancellationToken.None);
    }

    /// <summary>A body pushed out of memory for a newer one goes to local disk (unless it is there already), its write awaited by <see cref="CopiesWrittenAsync"/>.</summary>
    private void MoveToDisk(string name, InMemory pushed)
    {
        if (pushed.Empty || _disk.Holds(name, pushed.Body.Tag))
        {
            return;
        }

        Track(_disk.WriteAsync(name, pushed.Body, CancellationToken.None), flight: null);
    }

    /// <summary>Copies being written, until they are; then the flight that wrote them, if any, ends.</summary>
    private void Track(Task copies, (string Name, string Tag)? flight)
    {
        if (copies.IsCompleted)
        {
            // Nothing to wait for. Not a key of its own: every task finished synchronously may be the one
            // completed instance, and two flights sharing it would each remove it once, one of them never ending.
            if (flight is { } done)
            {
                _flights.TryRemove(done, out _);
            }

            return;
        }

        _copying[copies] = true;
        _ = copies.ContinueWith(done => _copying.TryRemove(done, out _) && flight is { } key && _flights.TryRemove(key, out _),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A body in memory, and whether it had no rows (then it is kept nowhere else).</summary>
    private sealed record InMemory(KeptBody Body, bool Empty);
}
