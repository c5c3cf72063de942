using System.Collections.Concurrent;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// The reads (a set with one filter, selection and order) whose last first page this process had to build:
/// no process had kept that page, so none kept the pages after it, and a next page is built without a round trip
/// to the blob container to find none (on a first read of every row, the blob client was a seventh of the request
/// threads' samples, nearly all of it these lookups). A read whose first page was found kept has its next pages looked for as before. Only a hint:
/// a page is kept under the whole of its options and the computations it serves, whichever way it is found.
/// </summary>
internal sealed class BuiltReads
{
    /// <summary>Reads remembered at most: past it the hint starts again empty, which costs lookups, never a wrong page.</summary>
    private const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, byte> _reads = new(StringComparer.Ordinal);

    /// <summary>The read a page belongs to: what stays the same from its first page to its last.</summary>
    public static string ReadOf(Uri serviceRoot, string path, FeedQueryOptions query) =>
        string.Join('\n', serviceRoot, path, query["$filter"], query["$select"], query["$orderby"], query["$count"], query["$format"]);

    /// <summary>Whether a page of <paramref name="read"/> may be kept as a blob: always for a first page.</summary>
    public bool WorthLookingFor(string read, bool firstPage) => firstPage || !_reads.ContainsKey(read);

    /// <summary>What the first page of <paramref name="read"/> took: a build, or a copy kept in memory or as a blob.</summary>
    public void FirstPageServed(string read, bool built)
    {
        if (!built)
        {
            _reads.TryRemove(read, out _);
            return;
        }

        if (_reads.Count >= Capacity)
        {
            _reads.Clear();
        }

        _reads[read] = 0;
    }
}
