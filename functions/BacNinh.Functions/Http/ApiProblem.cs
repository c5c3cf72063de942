using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Http;

/// <summary>
/// The one error body of every route outside the OData feed: RFC 9457 problem details
/// (<c>application/problem+json</c> with <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, and
/// named extensions such as the values that would have been accepted). The OData feed answers with
/// OData's own error body instead, as OData clients expect.
/// </summary>
public static class ApiProblem
{
    public static IActionResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, detail);

    public static IActionResult NotFound(string detail, string? listName = null, IEnumerable<string>? accepted = null) =>
        Result(StatusCodes.Status404NotFound, detail, listName is null || accepted is null ? null : new Dictionary<string, object?> { [listName] = accepted.ToArray() });

    /// <summary>A problem as a function's result.</summary>
    public static IActionResult Result(int statusCode, string detail, IDictionary<string, object?>? extensions = null) =>
        new ProblemActionResult(TypedResults.Problem(detail: detail, statusCode: statusCode, extensions: extensions));

    /// <summary>Writes a problem straight to the response, for code that runs before any function (the access policy).</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TypedResults.Problem(detail: detail, statusCode: statusCode).ExecuteAsync(context);
    }

    // Functions return IActionResult in both hosts; this runs ASP.NET Core's own problem result.
    private sealed class ProblemActionResult(IResult problem) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return problem.ExecuteAsync(context.HttpContext);
        }
    }
}
