using Microsoft.Extensions.Logging;

namespace BacNinh.Functions.Serving.Bodies;

/// <summary>
/// This process's folder for local copies of bodies: new, with a random name, mode 0700 on Unix (no other
/// user may list, read or replace it), removed on dispose. The process holds its owner file locked while
/// it lives; a process killed (out of memory, a crash) cannot remove its folder, so each new one removes
/// the folders whose owner file it can lock, their owners being gone, and those of builds before the
/// owner file that nobody has touched for a day.
/// </summary>
internal sealed class BodyFolder : IDisposable
{
    private const string Prefix = "bacninh-bodies-";

    private const string OwnerFile = ".owner";

    /// <summary>How long a folder with no owner file (written before there was one) is left alone.</summary>
    private static readonly TimeSpan UnownedFor = TimeSpan.FromDays(1);

    private readonly string _root;
    private readonly FileStream _owner;

    private BodyFolder(string root, FileStream owner)
    {
        _root = root;
        _owner = owner;
        Path = Directory.CreateDirectory(System.IO.Path.Combine(root, "bodies")).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Where the bodies go (beside the owner file, in the folder that is removed with them).</summary>
    public string Path { get; }

    /// <summary>A new folder, once the folders of processes that ended without removing theirs are removed.</summary>
    public static BodyFolder Create(ILogger logger)
    {
        var root = Directory.CreateTempSubdirectory(Prefix).FullName;
        var owner = Lock(System.IO.Path.Combine(root, OwnerFile), FileMode.CreateNew) ?? throw new IOException($"The owner file of {root} could not be locked.");
        var (folders, bytes) = RemoveLeftOver(root);
        if (folders > 0)
        {
            BodyLog.LeftOverFoldersRemoved(logger, folders, bytes / (1024 * 1024));
        }

        return new BodyFolder(root, owner);
    }

    public void Dispose()
    {
        _owner.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left to the next process, or to the temporary folder's own clean-up.
        }
    }

    private static (int Folders, long Bytes) RemoveLeftOver(string own)
    {
        var (folders, bytes) = (0, 0L);
        foreach (var folder in new DirectoryInfo(System.IO.Path.GetTempPath()).EnumerateDirectories(Prefix + "*"))
        {
            if (folder.FullName == own || !IsLeftOver(folder))
            {
                continue;
            }

            try
            {
                var size = folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                folder.Delete(recursive: true);
                (folders, bytes) = (folders + 1, bytes + size);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process removed it first, or it is another user's.
            }
        }

        return (folders, bytes);
    }

    /// <summary>Whether nobody owns <paramref name="folder"/>: its owner file can be locked (the lock is let go at once), or it has none and is a day old.</summary>
    private static bool IsLeftOver(DirectoryInfo folder)
    {
        var owner = System.IO.Path.Combine(folder.FullName, OwnerFile);
        if (!File.Exists(owner))
        {
            return DateTime.UtcNow - folder.LastWriteTimeUtc > UnownedFor;
        }

        using var probe = Lock(owner, FileMode.Open);
        return probe is not null;
    }

    /// <summary>The file opened for this process alone (an advisory lock on Unix, let go when the process ends); null when another holds it.</summary>
    private static FileStream? Lock(string path, FileMode mode)
    {
        try
        {
            var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows() && mode == FileMode.CreateNew)
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(path, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
