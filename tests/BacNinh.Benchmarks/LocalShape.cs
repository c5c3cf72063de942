using System.Globalization;
using BacNinh.LocalHost.Auth;

namespace BacNinh.Benchmarks;

/// <summary>
/// The data of a local host with 24 months of every unit (3,744 Observations: 52 units × 3 indicators a
/// month, a month's CSV about 20 KB), on a storage account of its own served by the published local host
/// started now as a process of its own (<see cref="PublishedHost"/>): the <see cref="DatasetShapes"/> at the
/// size a real month has, cold as on a new instance.
/// </summary>
internal static class LocalShape
{
    public const string Account = "localshape";

    public const int Months = 24;

    public const int Units = 52;

    /// <summary>The newest month of the data.</summary>
    public static Core.Periods.Period LastMonth
    {
        get
        {
            var last = BenchData.FirstMonth;
            for (var i = 1; i < Months; i++)
            {
                last = last.Next;
            }

            return last;
        }
    }

    /// <summary>Writes the data into <paramref name="account"/>, the sets only a recomputation makes (<see cref="ReportingSets"/>) included.</summary>
    public static Task LoadAsync(Storage.StorageAccount account) => BenchData.LoadObservationsAsync(account, Months, Units, reportingSets: true);

    public static async Task RunAsync(string published, string connectionString, DevelopmentIssuer issuer, StaticFileServer files, int requests, TextWriter output)
    {
        await using var host = await PublishedHost.StartAsync(published, connectionString, issuer).ConfigureAwait(false);
        await DatasetShapes.RunAsync(host.Http, files, LastMonth.ToString(), requests, output,
            string.Create(CultureInfo.InvariantCulture, $"{3 * Units} rows"), () => host.ProcessorTime, others: true).ConfigureAwait(false);
    }
}
