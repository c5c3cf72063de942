namespace BacNinh.Functions.Serving.OData;

/// <summary>A request the feed does not serve; answered with <c>400</c> (or <see cref="StatusCode"/>) and an OData error body.</summary>
public sealed class ODataQueryException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;
}
