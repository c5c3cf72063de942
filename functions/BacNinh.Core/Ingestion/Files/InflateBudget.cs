namespace BacNinh.Core.Ingestion.Files;

/// <summary>
/// How many decompressed bytes all parts of one package may yield together. Counted as the
/// bytes come out, so a package whose directory lies about its sizes is stopped all the same.
/// </summary>
public sealed class InflateBudget(long limit)
{
    private long _spent;

    public long Limit { get; } = limit;

    public void Spend(int bytes)
    {
        if (Interlocked.Add(ref _spent, bytes) > Limit)
        {
            throw new DecompressionLimitException(Limit, wholePackage: true);
        }
    }
}
