using System.Text.RegularExpressions;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Resilience;

/// <summary>
/// A host killed (as a crash or an out-of-memory kill would) cannot remove its folder of local body
/// copies; the next process removes it, so crashes do not fill the instance's disk.
/// </summary>
public sealed partial class KilledHostBodyFolderTests
{
    private static readonly string[] Settings =
    [
        "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
        "--Logging:LogLevel:BacNinh.Functions.Serving.Bodies", "Information",
    ];

    private readonly string _connection = SharedAzurite.Current.NextAccount();

    [Fact]
    public async Task TheFolderOfAKilledHostIsRemovedByTheNextHost()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string killedFolder;
        using (var killed = await HostProcess.StartAsync(_connection, Settings, cancellationToken))
        {
            killedFolder = FolderOf(killed);
            killed.Kill();
        }

        Assert.True(Directory.Exists(killedFolder), "A killed process leaves its folder behind.");

        using var next = await HostProcess.StartAsync(_connection, Settings, cancellationToken);

        Assert.False(Directory.Exists(killedFolder), next.Tail);
        Assert.True(Directory.Exists(FolderOf(next)));
    }

    private static string FolderOf(HostProcess host) =>
        FolderLine().Match(host.Tail) is { Success: true } found ? found.Groups[1].Value.Trim() : throw new InvalidOperationException($"No local folder logged:{Environment.NewLine}{host.Tail}");

    [GeneratedRegex(@"Local copies of dataset bodies are kept in (\S+)")]
    private static partial Regex FolderLine();
}
