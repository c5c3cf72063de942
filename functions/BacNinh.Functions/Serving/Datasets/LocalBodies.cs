using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;

namespace BacNinh.Functions.Serving.Datasets;

/// <summary>
/// This process's copies of kept dataset bodies on its local disk, one per blob, each named by the
/// blob's storage ETag: a read whose blob still has that ETag is sent from the file, as a static file
/// is, instead of through the storage account. A copy is made while a body is written or first read
/// from its blob and becomes visible only once whole; a newer version of the blob replaces it. The
/// directory is this process's own (removed when it exits), so no other process's copy is ever served.
/// </summary>
public static class LocalBodies
{
    /// <summary>What <see cref="MaxBytes"/> is unless configured (<c>DatasetBodies:LocalCopyMegabytes</c>).</summary>
    public const int DefaultMegabytes = 512;

    /// <summary>
    /// The most local disk the copies of a process may take; past it, bodies are served from their
    /// blobs only. By default well under what a small Functions instance has as temporary storage;
    /// set once at startup, process-wide like the folder itself.
    /// </summary>
    public static long MaxBytes { get; set; } = DefaultMegabytes * 1024L * 1024;

    private static readonly Lazy<string?> Directory = new(CreateDirectory);

    /// <summary>The copy of each blob (by its address) and the blob ETag it holds.</summary>
    private static readonly ConcurrentDictionary<Uri, (ETag ETag, string Path, long Length)> Copies = new();

    private static long KeptBytes;

    /// <summary>The local copy of the blob at <paramref name="blob"/> as of <paramref name="etag"/>, or null.</summary>
    public static string? Find(Uri blob, ETag etag)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Copies.TryGetValue(blob, out var copy) && copy.ETag == etag && File.Exists(copy.Path) ? copy.Path : null;
    }

    /// <summary>
    /// A copy of the blob at <paramref name="blob"/> to write, kept by <see cref="Copy.Keep"/> once whole;
    /// one that writes nothing when the process has no room for it (its length known or not).
    /// </summary>
    public static Copy Create(Uri blob, ETag? etag, long? length)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var directory = Directory.Value;
        if (directory is null || Interlocked.Read(ref KeptBytes) + (length ?? 0) > MaxBytes)
        {
            return new Copy(blob, etag, null);
        }

        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            return new Copy(blob, etag, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Copy(blob, etag, null);
        }
    }

    private static string? CreateDirectory()
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), "bacninh-dataset-bodies", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
            System.IO.Directory.CreateDirectory(path);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    System.IO.Directory.Delete(path, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Left for the temporary folder's own clean-up.
                }
            };
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No local disk: bodies are served from their blobs.
            return null;
        }
    }

    private static string FinalPath(string partPath, Uri blob, ETag etag) =>
        Path.Combine(Path.GetDirectoryName(partPath)!, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{blob}\n{etag}")))[..40]);

    /// <summary>A local copy being written: a failure to write it never fails the response, the copy is only dropped.</summary>
    public sealed class Copy(Uri blob, ETag? etag, FileStream? file) : IAsyncDisposable, IDisposable
    {
        private FileStream? _file = file;
        private long _length;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (_file is null)
            {
                return;
            }

            try
            {
                await _file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                _length += bytes.Length;
            }
            catch (IOException)
            {
                Drop();
            }
        }

        /// <summary>Makes the copy, now whole, the one served for the blob as of <paramref name="committed"/> (or the ETag it was created with).</summary>
        public void Keep(ETag? committed = null)
        {
            var file = _file;
            var version = committed ?? etag;
            if (file is null || version is not { } blobETag)
            {
                Drop();
                return;
            }

            _file = null;
            var part = file.Name;
            try
            {
                file.Dispose();
                var path = FinalPath(part, blob, blobETag);
                File.Move(part, path, overwrite: true);
                Interlocked.Add(ref KeptBytes, _length);
                var replaced = default((ETag ETag, string Path, long Length));
                Copies.AddOrUpdate(blob, (blobETag, path, _length), (_, old) =>
                {
                    replaced = old;
                    return (blobETag, path, _length);
                });
                if (replaced.Path is not null)
                {
                    Interlocked.Add(ref KeptBytes, -replaced.Length);
                    if (replaced.Path != path)
                    {
                        TryDelete(replaced.Path);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryDelete(part);
            }
        }

        public void Dispose() => Drop();

        public ValueTask DisposeAsync()
        {
            Drop();
            return ValueTask.CompletedTask;
        }

        private void Drop()
        {
            var file = Interlocked.Exchange(ref _file, null);
            if (file is null)
            {
                return;
            }

            var part = file.Name;
            file.Dispose();
            TryDelete(part);
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file still being sent (Windows) stays until the process's folder goes.
            }
        }
    }
}
