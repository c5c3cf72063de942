using BacNinh.Benchmarks;

// Usage (Release configuration, project tests/BacNinh.Benchmarks):
//   dotnet run … [-- 1000 20000 200000] [--no-storage]      ingestion
//   dotnet run … -- serving [rows] [--requests N] [--pages-only] [--published DIR]   serving datasets and OData pages (default 1,000,000 rows);
//       DIR: the local host published already (dotnet publish functions/BacNinh.LocalHost -c Release -o DIR), else it is published first
//   dotnet run … -- first-reads [rows] DIR… [--rounds N]   only the published hosts' first reads of every page and the whole CSV, each DIR in turn (an A/B of builds)
//   dotnet run … -- cold-shapes DIR… [--rounds N] [--requests N] [--warm]   only new instances' first seconds: every dataset shape of a real-size month read cold (then warm), each DIR in turn
//   dotnet run … -- aggregation [units…]                    recomputing one month (default 500 5000 50000 units)
//   dotnet run … -- dossiers [rows…] [--no-storage] [--csv-only|--xlsx-only]   dossier exports, CSV and xlsx (default 100000 1000000 rows), then end to end into Azurite
// --live: the memory column is what survives a full collection, forced every half second (slower phases).
var mode = args.FirstOrDefault();
MemoryProbe.FullCollections = args.Contains("--live");
int[] numbers = [.. args.Where(a => int.TryParse(a, out _)).Select(int.Parse)];
if (mode == "serving")
{
    var requests = Option(args, "--requests") ?? 400;
    var rows = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).FirstOrDefault(1_000_000);
    var published = Array.IndexOf(args, "--published") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    await ServingBenchmark.RunAsync(rows, requests, fullReads: !args.Contains("--pages-only"), published, Console.Out);
}
else if (mode == "cold-shapes")
{
    string[] publishes = [.. args.Skip(1).Where((a, i) => !int.TryParse(a, out _) && !a.StartsWith("--", StringComparison.Ordinal))];
    await ColdShapesBenchmark.RunAsync(publishes, Option(args, "--rounds") ?? 3, Option(args, "--requests") ?? 400, args.Contains("--warm"), Console.Out);
}
else if (mode == "first-reads")
{
    var rows = args.Skip(1).Where(a => int.TryParse(a, out _)).Select(int.Parse).FirstOrDefault(200_000);
    string[] publishes = [.. args.Skip(1).Where((a, i) => !int.TryParse(a, out _) && !a.StartsWith("--", StringComparison.Ordinal) && args[i] != "--rounds")];
    await FirstReadsBenchmark.RunAsync(rows, publishes, Option(args, "--rounds") ?? 2, Console.Out);
}
else if (mode == "aggregation")
{
    await AggregationBenchmark.RunAsync(numbers.Length == 0 ? [500, 5_000, 50_000] : numbers, Console.Out);
}
else if (mode == "dossiers")
{
    await DossierBenchmark.RunAsync(numbers.Length == 0 ? [100_000, 1_000_000] : numbers, withStorage: !args.Contains("--no-storage"),
        args.Contains("--csv-only") ? ["csv"] : args.Contains("--xlsx-only") ? ["xlsx"] : ["csv", "xlsx"], Console.Out);
}
else
{
    await IngestionBenchmark.RunAsync(numbers.Length == 0 ? [1_000, 20_000, 200_000] : numbers, withStorage: !args.Contains("--no-storage"), Console.Out);
}

static int? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
}
