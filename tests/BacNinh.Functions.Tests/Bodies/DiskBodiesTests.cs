using BacNinh.Functions.Serving.Bodies;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Logging.Abstractions;

namespace BacNinh.Functions.Tests.Bodies;

/// <summary>
/// The local-disk tier: a folder of the process's own that no other user may enter, files only their
/// user may read, a copy changed on disk never served, and the disk budget kept by dropping the oldest copies.
/// </summary>
public sealed class DiskBodiesTests
{
    private static readonly KeptBody Body = new("tag-1", "Period,Rate\r\n2023-08,12.5\r\n"u8.ToArray(), "text/csv");

    [Fact]
    public async Task ACopyIsReadBackWithItsTagAndNotUnderAnother()
    {
        using var disk = new DiskBodies(1024 * 1024, NullLogger.Instance);

        await disk.WriteAsync("Observations/a.csv", Body, TestContext.Current.CancellationToken);

        var read = await disk.ReadAsync("Observations/a.csv", "tag-1", TestContext.Current.CancellationToken);
        Assert.NotNull(read);
        Assert.Equal(Body.Bytes, read.Bytes);
        Assert.Equal("text/csv", read.ContentType);
        Assert.Null(await disk.ReadAsync("Observations/a.csv", "tag-2", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheFolderAndItsFilesAreTheOwnersOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("File modes are checked on Linux, where the app runs.");
            return;
        }

        using var disk = new DiskBodies(1024 * 1024, NullLogger.Instance);
        await disk.WriteAsync("Observations/a.csv", Body, TestContext.Current.CancellationToken);

        var folder = disk.Folder!;
        var file = Directory.GetFiles(folder).Single();

        Assert.StartsWith(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), folder, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Theory]
    [InlineData("Period,Rate\r\n2023-08,99.9\r\n")]
    [InlineData("Period,Rate\r\n2023-08,99.99999\r\n")]
    public async Task ACopyReplacedOnDiskIsNotServed(string replacement)
    {
        using var disk = new DiskBodies(1024 * 1024, NullLogger.Instance);
        await disk.WriteAsync("Observations/a.csv", Body, TestContext.Current.CancellationToken);
        var file = Directory.GetFiles(disk.Folder!).Single();

        await File.WriteAllTextAsync(file, replacement, TestContext.Current.CancellationToken);

        Assert.Null(await disk.ReadAsync("Observations/a.csv", "tag-1", TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(disk.Folder!));
    }

    [Fact]
    public async Task CopiesPastTheBudgetPushOutTheLeastRecentlyUsed()
    {
        using var disk = new DiskBodies(2 * Body.Bytes.Length, NullLogger.Instance);
        await disk.WriteAsync("a", Body, TestContext.Current.CancellationToken);
        await disk.WriteAsync("b", Body, TestContext.Current.CancellationToken);
        Assert.NotNull(await disk.ReadAsync("a", "tag-1", TestContext.Current.CancellationToken));

        await disk.WriteAsync("c", Body, TestContext.Current.CancellationToken);

        Assert.NotNull(await disk.ReadAsync("a", "tag-1", TestContext.Current.CancellationToken));
        Assert.Null(await disk.ReadAsync("b", "tag-1", TestContext.Current.CancellationToken));
        Assert.NotNull(await disk.ReadAsync("c", "tag-1", TestContext.Current.CancellationToken));
        Assert.Equal(2, Directory.GetFiles(disk.Folder!).Length);
    }

    [Fact]
    public async Task TheFolderGoesWithTheStore()
    {
        var disk = new DiskBodies(1024 * 1024, NullLogger.Instance);
        await disk.WriteAsync("a", Body, TestContext.Current.CancellationToken);
        var folder = disk.Folder!;

        disk.Dispose();

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task FoldersLeftByEndedProcessesAreRemovedByTheNextAndALiveOnesIsNot()
    {
        using var live = new DiskBodies(1024 * 1024, NullLogger.Instance);
        await live.WriteAsync("a", Body, TestContext.Current.CancellationToken);

        // A killed process's folder: its owner file is there, and nobody holds it.
        var ended = Directory.CreateTempSubdirectory("bacninh-bodies-").FullName;
        await File.WriteAllTextAsync(Path.Combine(ended, ".owner"), string.Empty, TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(ended, "bodies"));
        await File.WriteAllBytesAsync(Path.Combine(ended, "bodies", "copy"), Body.Bytes, TestContext.Current.CancellationToken);

        // Folders of builds before the owner file: removed once nobody has touched them for a day.
        var (old, recent) = (Directory.CreateTempSubdirectory("bacninh-bodies-"), Directory.CreateTempSubdirectory("bacninh-bodies-"));
        old.LastWriteTimeUtc = DateTime.UtcNow.AddDays(-2);

        try
        {
            using var next = new DiskBodies(1024 * 1024, NullLogger.Instance);

            Assert.False(Directory.Exists(ended));
            Assert.False(Directory.Exists(old.FullName));
            Assert.True(Directory.Exists(recent.FullName));
            Assert.NotNull(await live.ReadAsync("a", "tag-1", TestContext.Current.CancellationToken));
        }
        finally
        {
            recent.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WithNoBudgetNothingIsWrittenToDisk()
    {
        using var disk = new DiskBodies(0, NullLogger.Instance);

        await disk.WriteAsync("a", Body, TestContext.Current.CancellationToken);

        Assert.Null(disk.Folder);
        Assert.Null(await disk.ReadAsync("a", "tag-1", TestContext.Current.CancellationToken));
    }
}
