using System.Diagnostics;
using System.Text;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.IntegrationTests.Uploads;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BacNinh.IntegrationTests.Browser;

/// <summary>
/// The upload page in a real headless Chromium against the local host, through the same sign-in
/// code path as in Azure (MSAL.js, authorization code + PKCE, here against the development issuer).
/// Screenshots and the steps' timings are saved under <c>TestResults/upload-page/</c> of the test output.
/// </summary>
public sealed class UploadPageBrowserTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    public static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "upload-page");

    [Fact]
    public async Task CommuneSignsInUploadsAndSeesEachProblemOfItsWorkbook()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(ArtifactDirectory);
        var profile = Directory.CreateTempSubdirectory("bacninh-chromium-");
        var steps = new List<(string Step, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        void Step(string name)
        {
            steps.Add((name, clock.Elapsed));
            clock.Restart();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var context = await Chromium.LaunchPersistentAsync(playwright, profile.FullName, "vi-VN", 1200, 900);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var events = PageEvents.Watch(page);
        Step("Chromium started");

        var response = await page.GotoAsync(host.Host.BaseAddress.ToString());
        Assert.NotNull(response);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sign-out")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#upload")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        Step("Opened the page and chose Đăng nhập");

        await page.Locator("#agency").SelectOptionAsync(UploadFiles.CommuneFolder);
        await page.Locator("#sign-in").ClickAsync();
        await Assertions.Expect(page.Locator("#upload")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(UploadFiles.CommuneName);
        Step("Picked the commune on the sign-in page and came back signed in");

        var month = UploadFiles.ReportedMonth.ToString();
        await page.GetByLabel("Tháng báo cáo").FillAsync(month);
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "bao-cao-thang.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = UploadFiles.WorkbookWithOneError(UploadFiles.CommuneName),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tải lên" }).ClickAsync();
        await Assertions.Expect(page.Locator("#progress")).ToHaveAttributeAsync("value", "100");
        Step("Chose the month and the workbook and uploaded it");

        await Assertions.Expect(page.Locator("#report-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("AcceptedWithErrors"), new() { Timeout = 60_000 });
        Step("Report shown");
        await Assertions.Expect(page.Locator("#rows-read")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#rows-accepted")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#rows-rejected")).ToHaveTextAsync("1");
        var problem = page.Locator("#problems tbody tr");
        await Assertions.Expect(problem).ToHaveCountAsync(1);
        var cells = await problem.First.Locator("td").AllTextContentsAsync();
        Assert.Equal("Hồ sơ", cells[0]);
        Assert.Equal("4", cells[1]);
        Assert.Equal("NUMERATOR_EXCEEDS_DENOMINATOR", cells[3]);
        Assert.NotEmpty(cells[5]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "report-with-error.png"), FullPage = true });

        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "bao-cao-don-vi-khac.csv",
            MimeType = "text/csv",
            Buffer = UploadFiles.DocSignedCsv(UploadFiles.OtherCommuneName),
        });

        // By keyboard this time: the file field and the button are reached with Tab, Enter sends.
        // (the month field's own month and year segments take a Tab each first).
        await page.Locator("#period").FocusAsync();
        for (var presses = 0; presses < 4 && await page.EvaluateAsync<string>("document.activeElement.id") != "file"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("file", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("send", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#report-file")).ToContainTextAsync("bao-cao-don-vi-khac.csv");
        await Assertions.Expect(page.Locator("#problems tbody td.code")).ToHaveTextAsync("UNIT_NOT_ALLOWED", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#uploads tbody tr")).ToHaveCountAsync(2);
        Step("Uploaded a file naming another commune and saw UNIT_NOT_ALLOWED");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "unit-not-allowed.png"), FullPage = true });

        await Assertions.Expect(page.Locator("#agency")).ToContainTextAsync(UploadFiles.CommuneFolder);

        // WCAG 2.1 A and AA rules (labels, contrast, names, landmarks) on the page with a report and the month's uploads.
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(axe.Violations.Length == 0, string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}")));
        await AssertReadableOnAPhone(page);
        Assert.True(events.ConsoleErrors.Count == 0, "Console errors: " + string.Join("; ", events.ConsoleErrors));
        Assert.True(events.FailedResponses.Count == 0, "Failed requests: " + string.Join("; ", events.FailedResponses));
        var timings = new StringBuilder();
        foreach (var (step, took) in steps)
        {
            timings.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{took.TotalSeconds,6:F2} s  {step}");
        }

        await File.WriteAllTextAsync(Path.Combine(ArtifactDirectory, "timings.txt"), timings.ToString(), cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(timings.ToString());
        await context.CloseAsync();
        profile.Delete(recursive: true);
    }

    /// <summary>
    /// At 390 px (a common phone width) the problems and uploads tables stack their rows: every cell,
    /// with its column's name beside it, lies inside the viewport and nothing scrolls sideways.
    /// </summary>
    private static async Task AssertReadableOnAPhone(IPage page)
    {
        const int PhoneWidth = 390;
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await Assertions.Expect(page.Locator("#problems tbody tr")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= PhoneWidth, "The page scrolls sideways at 390 px.");
        foreach (var table in new[] { "#problems", "#uploads" })
        {
            Assert.True(await page.EvaluateAsync<double>($"document.querySelector('{table} thead').getBoundingClientRect().width") <= 1, $"{table} should hide its header row (each cell names its column).");
            var cells = page.Locator($"{table} tbody td");
            var count = await cells.CountAsync();
            Assert.True(count > 0, $"{table} has no cells to check.");
            for (var i = 0; i < count; i++)
            {
                var cell = cells.Nth(i);
                var box = await cell.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth, $"{table} cell {i} spans {box.X}–{box.X + box.Width} px at a 390 px width.");
                Assert.True(await cell.EvaluateAsync<bool>("td => td.scrollWidth <= td.clientWidth"), $"{table} cell {i} cuts off its text.");
                var label = await cell.GetAttributeAsync("data-label");
                Assert.False(string.IsNullOrEmpty(label), $"{table} cell {i} has no column label.");
                Assert.Equal($"\"{label}\"", await cell.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content"));
            }
        }

        var message = page.Locator("#problems tbody td").Nth(4);
        var fix = page.Locator("#problems tbody td").Nth(5);
        Assert.True((await message.BoundingBoxAsync())!.Y < (await fix.BoundingBoxAsync())!.Y, "The message and the fix should be stacked, one under the other.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "phone-390.png"), FullPage = true });
    }
}
