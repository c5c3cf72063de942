using System.Diagnostics;
using System.Text.Json.Nodes;
using BacNinh.Infra.Tests.Bicep;

namespace BacNinh.Infra.Tests;

/// <summary>
/// What Azure runs is the Functions app as published: precompiled (ReadyToRun) for Linux x64, the platform of
/// the Flex Consumption plan, so a new instance's first requests do not wait for the JIT, and without the instrumented
/// tier of tiered compilation (its runtime configuration goes with the app), its idle thread-pool workers not
/// spinning, and its precompiled code recompiled only once called a thousand times. A build stays portable.
/// </summary>
public sealed class PublishSettingsTests
{
    [Theory]
    [InlineData("BacNinh.Functions")]
    [InlineData("BacNinh.LocalHost")]
    public async Task PublishingPrecompilesForLinuxAndABuildStaysPortable(string project)
    {
        var published = await PropertiesAsync(project, publishing: true);
        Assert.Equal("true", published["PublishReadyToRun"]);
        Assert.Equal("linux-x64", published["RuntimeIdentifier"]);
        Assert.Equal("false", published["SelfContained"]);
        Assert.Equal("false", published["TieredPGO"]);

        var built = await PropertiesAsync(project, publishing: false);
        Assert.Equal(string.Empty, built["RuntimeIdentifier"]);
        Assert.Equal(string.Empty, built["PublishReadyToRun"]);
    }

    [Theory]
    [InlineData("BacNinh.Functions")]
    [InlineData("BacNinh.LocalHost")]
    public async Task IdleThreadPoolWorkersWaitWithoutSpinning(string project)
    {
        var options = await RuntimeOptionsAsync(project);

        Assert.Equal("0", options["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]);
    }

    [Theory]
    [InlineData("BacNinh.Functions")]
    [InlineData("BacNinh.LocalHost")]
    public async Task CodeRunOncePerRequestStaysPrecompiledForTheFirstThousandCalls(string project)
    {
        var options = await RuntimeOptionsAsync(project);

        Assert.Equal("1000", options["System.Runtime.TieredCompilation.CallCountThreshold"]);
    }

    /// <summary>The runtime options the project writes into its runtime configuration, as MSBuild evaluates them.</summary>
    private static async Task<Dictionary<string, string>> RuntimeOptionsAsync(string project)
    {
        var output = await MSBuildAsync(project, ["-getItem:RuntimeHostConfigurationOption", "-p:Configuration=Release", "-nologo"]);
        return JsonNode.Parse(output)!["Items"]!["RuntimeHostConfigurationOption"]!.AsArray()
            .ToDictionary(i => i!["Identity"]!.GetValue<string>(), i => i!["Value"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    /// <summary>The project's properties as MSBuild evaluates them, as <c>dotnet publish</c> or <c>dotnet build</c> would.</summary>
    private static async Task<Dictionary<string, string>> PropertiesAsync(string project, bool publishing)
    {
        var output = await MSBuildAsync(project, ["-getProperty:PublishReadyToRun", "-getProperty:RuntimeIdentifier", "-getProperty:SelfContained", "-getProperty:TieredPGO",
            "-p:Configuration=Release", $"-p:_IsPublishing={(publishing ? "true" : "false")}", "-nologo"]);
        return JsonNode.Parse(output)!["Properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }

    private static async Task<string> MSBuildAsync(string project, string[] arguments)
    {
        var path = Path.Combine(BicepCli.RepositoryRoot, "functions", project, project + ".csproj");
        var start = new ProcessStartInfo("dotnet", ["msbuild", path, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var msbuild = Process.Start(start)!;
        var output = await msbuild.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await msbuild.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(msbuild.ExitCode == 0, output + await msbuild.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        return output;
    }
}
