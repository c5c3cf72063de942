using Microsoft.Extensions.Configuration.Memory;

namespace BacNinh.LocalHost.Configuration;

/// <summary>
/// Gives the WebJobs trigger engine the <c>extensions</c> section of the Functions app's
/// <c>host.json</c> (blob poison threshold, queue batch size and dequeue count…), where the WebJobs
/// SDK reads it: <c>AzureWebJobs:extensions</c>. Added first, so appsettings, the environment and
/// the command line still override it, so the local host and its tests run the production settings.
/// </summary>
public static class HostJsonConfiguration
{
    public const string FileName = "host.json";

    public static IConfigurationBuilder AddHostJsonExtensions(this IConfigurationBuilder configuration, string directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Functions app's {FileName} is missing from the local host's output.", path);
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        var settings = hostJson.GetSection("extensions").AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .Select(setting => new KeyValuePair<string, string?>($"AzureWebJobs:extensions:{setting.Key}", setting.Value));
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [.. settings] });
        return configuration;
    }
}
