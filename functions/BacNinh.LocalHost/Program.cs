using BacNinh.LocalHost;
using BacNinh.LocalHost.Sample;

// "--load-sample" is the README's main job: also upload the sample months and print what was computed.
const string LoadSample = "--load-sample";
var loadSample = args.Contains(LoadSample);

await using var host = await LocalHostApp.CreateAsync([.. args.Where(a => a != LoadSample)]);
await host.App.StartAsync();
Console.WriteLine($"BacNinh local host listening on {host.BaseAddress} (storage: {(host.EmbeddedStorage ? "Azurite in memory" : "configured account")})");
if (host.EmbeddedStorage)
{
    Console.WriteLine($"Upload a file as an agency would: curl -T file.xlsx {host.BaseAddress}dev-storage/uploads/agency/yyyy-MM/file.xlsx");
}
if (loadSample)
{
    await SampleMonths.LoadAndSummarizeAsync(host.App.Services, Console.Out, host.App.Lifetime.ApplicationStopping);
}

await host.App.WaitForShutdownAsync();
