using System.Net;
using System.Text.Json;
using BacNinh.IntegrationTests.Fixtures;

namespace BacNinh.IntegrationTests.Seed;

/// <summary>
/// The local host with the sample months (the workbooks the README's main job loads) uploaded
/// through the blob trigger, waited on until the August bulletin exists.
/// </summary>
public sealed class SeedMonthsFixture : IAsyncLifetime
{
    private static readonly string SampleFolder = Path.Combine(AppContext.BaseDirectory, "Sample");

    public LocalHostFixture Host { get; } = new();

    public string Bulletin { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var month in new[] { "2023-07", "2023-08" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(SampleFolder, month)))
            {
                await Host.UploadAsync($"so-tttt/{month}/{Path.GetFileName(file)}", await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
            }
        }

        // August's figures depend on July's (changes in points), so wait for both months' results.
        Bulletin = await Eventually.GetAsync(async () =>
        {
            using var response = await Host.Http.GetAsync("/api/bulletins/2023-08", cancellationToken);
            var text = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
            return text is not null && text.Contains("tăng 12,93%", StringComparison.Ordinal) ? text : null;
        }, TimeSpan.FromSeconds(120), cancellationToken);
    }

    public async Task<IReadOnlyList<JsonElement>> RowsAsync(string set, string query)
    {
        var json = await Host.Http.GetStringAsync($"/api/datasets/{set}.json?{query}", TestContext.Current.CancellationToken);
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
