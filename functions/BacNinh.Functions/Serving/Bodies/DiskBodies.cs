using System.Security.Cryptography;
using System.Text;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Serving.Bodies;

/// <summary>
/// This process's copies of kept bodies on local disk, within <paramref name="budgetBytes"/>: in a
/// folder of its own that only its user may enter (<see cref="BodyFolder"/>: created fresh, removed on
/// dispose, or by the next process if this one is killed), each file readable by its user only. A copy
/// is served only when its length and SHA-256 are still those written, so a file changed on disk is
/// dropped, never served.
/// </summary>
public sealed class DiskBodies : IDisposable
{
    private readonly ILogger _logger;
    private readonly ByteBudget<Copy>? _copies;
    private readonly BodyFolder? _folder;

    public DiskBodies(long budgetBytes, ILogger logger)
    {
        _logger = logger;
        if (budgetBytes <= 0)
        {
            return;
        }

        try
        {
            _folder = BodyFolder.Create(logger);
            _copies = new ByteBudget<Copy>(budgetBytes, Delete);
            BodyLog.LocalFolder(logger, _folder.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BodyLog.NoLocalFolder(logger, ex);
        }
    }

    /// <summary>The folder of the copies; null when the process keeps none.</summary>
    public string? Folder => _folder?.Path;

    /// <summary>The copy of <paramref name="name"/> written from <paramref name="tag"/>, verified; null when there is none or it changed.</summary>
    public async Task<KeptBody?> ReadAsync(string name, string tag, CancellationToken cancellationToken)
    {
        if (_copies?.Find(name) is not { } copy || copy.Tag != tag)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(copy.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BodyLog.LocalCopyChanged(_logger, name, ex.GetType().Name);
            _copies.Remove(name, copy);
            return null;
        }

        if (bytes.Length != copy.Length || !SHA256.HashData(bytes).AsSpan().SequenceEqual(copy.Hash))
        {
            BodyLog.LocalCopyChanged(_logger, name, bytes.Length != copy.Length ? "length" : "content");
            _copies.Remove(name, copy);
            return null;
        }

        return new KeptBody(tag, bytes, copy.ContentType);
    }

    /// <summary>Whether a copy of <paramref name="name"/> written from <paramref name="tag"/> is kept (not read, so not verified).</summary>
    public bool Holds(string name, string tag) => _copies?.Find(name) is { } copy && copy.Tag == tag;

    /// <summary>Keeps a copy of <paramref name="body"/> as <paramref name="name"/>; a failure only means there is none.</summary>
    public async Task WriteAsync(string name, KeptBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_copies is null || Folder is null)
        {
            return;
        }

        var path = Path.Combine(Folder, $"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32]}-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(path, options))
            {
                await file.WriteAsync(body.Bytes, cancellationToken).ConfigureAwait(false);
            }

            _copies.Add(name, new Copy(body.Tag, path, body.Bytes.Length, SHA256.HashData(body.Bytes), body.ContentType), body.Bytes.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BodyLog.LocalWriteFailed(_logger, name, ex);
            TryDelete(path);
        }
    }

    public void Dispose() => _folder?.Dispose();

    private void Delete(Copy copy) => TryDelete(copy.Path);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still open (Windows) goes with the folder.
        }
    }

    private sealed record Copy(string Tag, string Path, long Length, byte[] Hash, string ContentType);
}
