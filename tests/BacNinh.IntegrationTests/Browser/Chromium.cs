using Microsoft.Playwright;

namespace BacNinh.IntegrationTests.Browser;

/// <summary>
/// The Chromium the end-to-end tests drive: <c>CHROMIUM_PATH</c> when set, else Debian's
/// <c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs (see README). No browser is a failure, not a skip.
/// </summary>
public static class Chromium
{
    private static readonly string[] LaunchFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>A headless browser with no profile kept.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath(), Headless = true, Args = LaunchFlags });
    }

    /// <summary>A headless browser keeping its profile in <paramref name="profile"/> (sign-in state survives reloads, as in a user's browser).</summary>
    public static Task<IBrowserContext> LaunchPersistentAsync(IPlaywright playwright, string profile, string locale, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath(),
            Headless = true,
            Args = LaunchFlags,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
    }

    private static string ExecutablePath()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? string.Empty, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
        return candidates.FirstOrDefault(p => p.Length > 0 && File.Exists(p))
            ?? throw new InvalidOperationException(
                "No Chromium found: install Debian's chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.");
    }
}
