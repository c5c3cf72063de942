using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// What an upload route answers: a status, a JSON body or a problem (<c>application/problem+json</c>),
/// and the <c>Location</c> and <c>Retry-After</c> headers of an upload still being processed.
/// </summary>
public sealed record UploadAnswer(int Status, object? Value = null, string? Location = null, int? RetryAfterSeconds = null) : IActionResult
{
    public static UploadAnswer Problem(int status, string title, string detail) =>
        new(status, new ProblemDetails { Status = status, Title = title, Detail = detail });

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.HttpContext.Response.Headers;
        if (Location is not null)
        {
            headers.Location = Location;
        }

        if (RetryAfterSeconds is { } seconds)
        {
            headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        headers.CacheControl = "no-store";
        var result = new ObjectResult(Value) { StatusCode = Status };
        if (Value is ProblemDetails)
        {
            result.ContentTypes.Add("application/problem+json");
        }

        if (Value is null)
        {
            return new StatusCodeResult(Status).ExecuteResultAsync(context);
        }

        return result.ExecuteResultAsync(context);
    }
}
