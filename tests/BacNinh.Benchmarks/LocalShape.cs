using System.Globalization;
using System.Net.Http.Headers;
using BacNinh.Functions.Auth;
using BacNinh.LocalHost;
using BacNinh.LocalHost.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Benchmarks;

/// <summary>
/// The data of a local host with 24 months of every unit (3,744 Observations: 52 units × 3 indicators a
/// month, a month's CSV about 20 KB), on a storage account and a host of its own, so the
/// <see cref="DatasetShapes"/> are also measured at the size a real month has.
/// </summary>
internal static class LocalShape
{
    public const string Account = "localshape";

    public const int Months = 24;

    public const int Units = 52;

    public static async Task RunAsync(string connectionString, HttpClient plain, string directory, int requests, TextWriter output)
    {
        await using var host = await LocalHostApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            embeddedAccount: connectionString).ConfigureAwait(false);
        await host.App.StartAsync().ConfigureAwait(false);
        var token = host.App.Services.GetRequiredService<DevelopmentIssuer>().CreateToken([AppRoles.DatasetsRead], lifetime: TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var last = BenchData.FirstMonth;
        for (var i = 1; i < Months; i++)
        {
            last = last.Next;
        }

        await DatasetShapes.RunAsync(http, plain, directory, last.ToString(), requests, output,
            string.Create(CultureInfo.InvariantCulture, $"{3 * Units} rows")).ConfigureAwait(false);
        await host.App.StopAsync().ConfigureAwait(false);
    }
}
