using BacNinh.IntegrationTests.Seed;
using Microsoft.Playwright;

namespace BacNinh.IntegrationTests.Browser;

/// <summary>
/// The August 2023 bulletin computed from the sample months, as served by the API, opened in headless
/// Chromium: its charts render with no script and no error, and print on A4. Screenshots of two charts
/// and the printed PDF are saved under <c>TestResults/bulletin-charts/</c> of the test output.
/// </summary>
public sealed class BulletinChartBrowserTests(SeedMonthsFixture seed) : IClassFixture<SeedMonthsFixture>
{
    public static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "bulletin-charts");

    [Fact]
    public async Task AugustBulletinDrawsItsChartsInChromiumAndPrintsOnA4()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(ArtifactDirectory);
        var html = await seed.Host.Http.GetStringAsync("/api/bulletins/2023-08?format=html", cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 820, Height = 1000 } });
        var events = PageEvents.Watch(page);
        await page.SetContentAsync(html);

        // Three indicators: each has its tier chart, and its province, district and commune rankings.
        var charts = page.Locator("figure.chart");
        Assert.Equal(12, await charts.CountAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Empty(events.Requests);
        Assert.Empty(events.ConsoleErrors);

        // The article's headline figures are the tier chart's labels and table (DOC_SIGNED: 96,25% at the province tier).
        var tierChart = charts.Nth(0);
        await Assertions.Expect(tierChart.Locator("table.chart-data tbody tr").First).ToContainTextAsync("96,25%");
        var bars = tierChart.Locator("svg rect.bar");
        Assert.Equal(3, await bars.CountAsync());
        foreach (var bar in await bars.AllAsync())
        {
            var box = await bar.BoundingBoxAsync();
            Assert.True(box is { Height: > 0, Width: > 0 }, "A bar is not drawn.");
        }

        await tierChart.Locator("svg").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "doc-signed-tiers.png") });
        var districts = page.Locator("figure.chart", new PageLocatorOptions { HasText = "các đơn vị cấp huyện xếp theo tỷ lệ" }).First;
        Assert.Equal(8, await districts.Locator("svg rect.bar").CountAsync());
        await districts.Locator("svg").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "doc-signed-districts-ranked.png") });

        // Printed: A4 pages (595 × 842 pt), the charts kept whole.
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true, Path = Path.Combine(ArtifactDirectory, "bulletin-2023-08.pdf") });
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Matches(@"/MediaBox\s*\[\s*0 0 594\.9\d* 841\.9\d*\s*\]", text);
        await File.WriteAllTextAsync(Path.Combine(ArtifactDirectory, "bulletin-2023-08.html"), html, cancellationToken);
    }
}
