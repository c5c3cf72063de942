using Microsoft.Extensions.Configuration.Memory;

namespace BacNinh.LocalHost.Configuration;

/// <summary>
/// Gives the WebJobs trigger engine the <c>extensions</c> and <c>singleton</c> sections of the
/// Functions app's <c>host.json</c> (blob poison threshold, queue batch size and dequeue count, how
/// soon a timer's lock left by a killed host is taken over), where the WebJobs SDK reads them:
/// <c>AzureWebJobs:extensions</c>, <c>AzureWebJobs:singleton</c>. Added first, so appsettings, the environment and
/// the command line still override it, so the local host and its tests run the production settings.
/// </summary>
public static class HostJsonConfiguration
{
    public const string FileName = "host.json";

    /// <summary>The sections the trigger engine reads: the bindings' settings, and the singleton locks timers hold.</summary>
    private static readonly string[] Sections = ["extensions", "singleton"];

    public static IConfigurationBuilder AddHostJsonExtensions(this IConfigurationBuilder configuration, string directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Functions app's {FileName} is missing from the local host's output.", path);
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        var settings = Sections.SelectMany(section => hostJson.GetSection(section).AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .Select(setting => new KeyValuePair<string, string?>($"AzureWebJobs:{section}:{setting.Key}", setting.Value)));
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [.. settings] });
        return configuration;
    }
}
