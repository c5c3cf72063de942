namespace BacNinh.Benchmarks;

/// <summary>The published host's processor time on a first read of every row: per row, and the JIT thread's share of the OData read.</summary>
internal sealed record FirstRead(double ODataMicroseconds, double ODataWithoutJitMicroseconds, TimeSpan ODataJit, double CsvMicroseconds);
