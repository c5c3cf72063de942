using BacNinh.Benchmarks;

// Usage: dotnet run -c Release --project tests/BacNinh.Benchmarks [-- 1000 20000 200000] [--no-storage]
int[] sizes = [.. args.Where(a => int.TryParse(a, out _)).Select(int.Parse)];
if (sizes.Length == 0)
{
    sizes = [1_000, 20_000, 200_000];
}

await IngestionBenchmark.RunAsync(sizes, withStorage: !args.Contains("--no-storage"), Console.Out);
