namespace BacNinh.IntegrationTests.Browser;

/// <summary>
/// The Chromium the end-to-end tests drive: <c>CHROMIUM_PATH</c> when set, else Debian's
/// <c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs (see README). No browser is a failure, not a skip.
/// </summary>
public static class Chromium
{
    public static readonly string[] LaunchFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static string ExecutablePath()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? string.Empty, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
        return candidates.FirstOrDefault(p => p.Length > 0 && File.Exists(p))
            ?? throw new InvalidOperationException(
                "No Chromium found: install Debian's chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.");
    }
}
