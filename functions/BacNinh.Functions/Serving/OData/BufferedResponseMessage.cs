using Microsoft.OData;

namespace BacNinh.Functions.Serving.OData;

/// <summary>
/// An OData response message written to memory first, so that headers and status (including an
/// error found while reading rows) are settled before anything reaches the client.
/// </summary>
internal sealed class BufferedResponseMessage(Stream body) : IODataResponseMessage
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

    public int StatusCode { get; set; } = 200;

    public string GetHeader(string headerName) => _headers.TryGetValue(headerName, out var value) ? value : null!;

    public void SetHeader(string headerName, string headerValue)
    {
        if (headerValue is null)
        {
            _headers.Remove(headerName);
        }
        else
        {
            _headers[headerName] = headerValue;
        }
    }

    public Stream GetStream() => body;
}
