using BacNinh.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// What an upload route answers: a status, a JSON body or an <see cref="ApiProblem"/>, never cached,
/// and the <c>Location</c> and <c>Retry-After</c> headers of an upload still being processed.
/// </summary>
public sealed record UploadAnswer(int Status, object? Value = null, string? Location = null, int? RetryAfterSeconds = null) : IActionResult
{
    public static UploadAnswer Problem(int status, string detail) => new(status, ApiProblem.Result(status, detail));

    /// <summary>A problem another binder already made (a bad period, say).</summary>
    public static UploadAnswer From(IActionResult problem) => new(StatusCodes.Status400BadRequest, problem);

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
        return Value switch
        {
            IActionResult problem => problem.ExecuteResultAsync(context),
            null => new StatusCodeResult(Status).ExecuteResultAsync(context),
            _ => new ObjectResult(Value) { StatusCode = Status }.ExecuteResultAsync(context),
        };
    }
}
