using System.Text;
using BacNinh.Functions.Serving.Bodies;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.Storage;
using BacNinh.Storage.Datasets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BacNinh.IntegrationTests.Serving;

/// <summary>
/// The one body store against real blob storage: a body built once is found again in each tier
/// (memory, local disk once pushed out of memory, another process's blob, when it is large enough to be worth one), a body is built
/// once however many ask for it at the same time, and a local copy changed on disk is never served.
/// </summary>
public sealed class BodyStoreTests(StorageAccountFixture fixture) : IClassFixture<StorageAccountFixture>
{
    private static readonly BuiltBody Built = new(Encoding.UTF8.GetBytes("Period,Rate\r\n2023-08,12.5\r\n"), "text/csv; charset=utf-8", Empty: false);

    [Fact]
    public async Task ABodyBuiltOnceIsServedFromMemoryThenByAnotherProcessFromItsBlob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();
        using var store = Store();
        using var other = Store();
        var builds = 0;

        var first = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        var again = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        var elsewhere = await other.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);

        Assert.Equal(1, builds);
        Assert.Equal(Built.Bytes, first.Bytes);
        Assert.Same(first, again);
        Assert.Equal(Built.Bytes, elsewhere.Bytes);
        Assert.Equal(Built.ContentType, elsewhere.ContentType);
        Assert.True(await fixture.Storage.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer).GetBlobClient(name).ExistsAsync(cancellationToken));
    }

    [Fact]
    public async Task ANewerTagIsBuiltAgainAndReplacesTheBody()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();
        using var store = Store();
        var builds = 0;
        await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);

        // The first copy written before the newer one: two copies in flight at once may land in either order.
        await store.CopiesWrittenAsync();
        await store.GetOrBuildAsync(name, "v2", () => Build(ref builds), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        using var other = Store();
        await other.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);

        Assert.Equal(3, builds);
        Assert.Null(store.FindInMemory(name, "v1"));
        Assert.NotNull(store.FindInMemory(name, "v2"));
    }

    [Fact]
    public async Task ManyReadersAtOnceWaitForOneBuild()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();
        using var store = Store();
        var builds = 0;
        var release = new TaskCompletionSource();

        var readers = Enumerable.Range(0, 32).Select(_ => store.GetOrBuildAsync(name, "v1", async () =>
        {
            Interlocked.Increment(ref builds);
            await release.Task;
            return Built;
        }, cancellationToken: cancellationToken)).ToList();
        await Task.Delay(200, cancellationToken);
        release.SetResult();
        var bodies = await Task.WhenAll(readers);

        Assert.Equal(1, builds);
        Assert.All(bodies, b => Assert.Equal(Built.Bytes, b.Bytes));
    }

    [Fact]
    public async Task ACopyReplacedOnDiskIsNotServed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();

        // Nothing in memory: the next read goes to the local copy.
        using var store = Store(memoryMegabytes: 0);
        var builds = 0;
        await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        var copy = Assert.Single(Directory.GetFiles(store.LocalFolder!));
        await File.WriteAllTextAsync(copy, "Period,Rate\r\n2023-08,99.9\r\n", cancellationToken);

        var served = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);

        Assert.Equal(Built.Bytes, served.Bytes);
        Assert.Equal(1, builds);
        Assert.DoesNotContain(Directory.GetFiles(store.LocalFolder!), f => File.ReadAllText(f).Contains("99.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReadWhileTheCopiesAreWrittenIsNotBuiltAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();

        // Nothing in memory: until the local copy and the blob are written, only the flight holds the body.
        using var store = Store(memoryMegabytes: 0);
        var builds = 0;
        var first = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        var second = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        var third = await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);

        Assert.Equal(1, builds);
        Assert.Equal(Built.Bytes, second.Bytes);
        Assert.Equal(first.Bytes, third.Bytes);
        Assert.Single(Directory.GetFiles(store.LocalFolder!));
    }

    [Fact]
    public async Task AnEmptyBodyIsKeptInMemoryOnly()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();
        using var store = Store();

        await store.GetOrBuildAsync(name, "v1", () => Task.FromResult(new BuiltBody([], "text/csv", Empty: true)), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();

        Assert.NotNull(store.FindInMemory(name, "v1"));
        Assert.Empty(Directory.GetFiles(store.LocalFolder!));
        Assert.False(await fixture.Storage.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer).GetBlobClient(name).ExistsAsync(cancellationToken));
    }

    [Fact]
    public async Task ABodySmallerThanTheBlobSizeIsKeptOnLocalDiskOnlyAndALargerOneAlsoAsABlob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (small, large) = (Name(), Name());

        // Nothing in memory: both go to the local disk.
        using var store = Store(memoryMegabytes: 0, blobKilobytes: 1);

        await store.GetOrBuildAsync(small, "v1", () => Task.FromResult(Built), cancellationToken: cancellationToken);
        await store.GetOrBuildAsync(large, "v1", () => Task.FromResult(Built with { Bytes = new byte[1024] }), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();

        var container = fixture.Storage.Blobs.GetBlobContainerClient(StorageNames.DatasetBodiesContainer);
        Assert.Equal(2, Directory.GetFiles(store.LocalFolder!).Length);
        Assert.False(await container.GetBlobClient(small).ExistsAsync(cancellationToken));
        Assert.True(await container.GetBlobClient(large).ExistsAsync(cancellationToken));
    }

    [Fact]
    public async Task ABodyGoesToLocalDiskOnlyWhenPushedOutOfMemoryAndIsServedFromThere()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (first, second) = (Name(), Name());

        // Memory holds one of the two bodies; neither is large enough to be kept as a blob.
        using var store = Store(memoryMegabytes: 1, blobKilobytes: 1024 * 1024);
        var builds = 0;
        Task<BuiltBody> BuildLarge(byte fill)
        {
            builds++;
            return Task.FromResult(Built with { Bytes = Enumerable.Repeat(fill, 600 * 1024).ToArray() });
        }

        await store.GetOrBuildAsync(first, "v1", () => BuildLarge(1), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        Assert.Empty(Directory.GetFiles(store.LocalFolder!));

        await store.GetOrBuildAsync(second, "v1", () => BuildLarge(2), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();
        Assert.Single(Directory.GetFiles(store.LocalFolder!));
        Assert.Null(store.FindInMemory(first, "v1"));

        var again = await store.GetOrBuildAsync(first, "v1", () => BuildLarge(3), cancellationToken: cancellationToken);

        Assert.Equal(2, builds);
        Assert.True(again.Bytes.All(b => b == 1));
    }

    [Fact]
    public async Task OneListingGivesTheTagOfEveryBodyKeptUnderAPrefix()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var prefix = $"Tests/{Guid.NewGuid():N}-";
        using var store = Store();
        await store.GetOrBuildAsync(prefix + "2023-08.csv", "v1", () => Task.FromResult(Built), cancellationToken: cancellationToken);
        await store.GetOrBuildAsync(prefix + "2023-09.csv", "v2", () => Task.FromResult(Built), cancellationToken: cancellationToken);
        await store.GetOrBuildAsync(Name(), "v3", () => Task.FromResult(Built), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();

        var tags = await store.BlobTagsAsync(prefix, cancellationToken);

        Assert.Equal(new Dictionary<string, string> { [prefix + "2023-08.csv"] = "v1", [prefix + "2023-09.csv"] = "v2" }, tags);
        Assert.Empty(await store.BlobTagsAsync($"Tests/{Guid.NewGuid():N}-", cancellationToken));
    }

    [Fact]
    public async Task ABodyNotToBeLookedForInBlobsIsBuiltThoughAnotherProcessKeptIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = Name();
        using var store = Store();
        using var other = Store();
        var builds = 0;
        await store.GetOrBuildAsync(name, "v1", () => Build(ref builds), cancellationToken: cancellationToken);
        await store.CopiesWrittenAsync();

        await other.GetOrBuildAsync(name, "v1", () => Build(ref builds), lookInBlobs: false, cancellationToken);

        Assert.Equal(2, builds);
    }

    /// <summary>A store as a process has it; by default every body, however small, is also kept as a blob.</summary>
    private BodyStore Store(int memoryMegabytes = 16, int blobKilobytes = 0) =>
        new(new DatasetBodyBlobs(fixture.Storage), Options.Create(new DatasetBodyOptions { MemoryMegabytes = memoryMegabytes, LocalCopyMegabytes = 16, BlobBodyKilobytes = blobKilobytes }), NullLogger<BodyStore>.Instance);

    private static string Name() => BodyStore.NameFor("Tests", Guid.NewGuid().ToString(), "csv");

    private static Task<BuiltBody> Build(ref int builds)
    {
        builds++;
        return Task.FromResult(Built);
    }
}
