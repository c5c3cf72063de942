using Microsoft.AspNetCore.Mvc;

namespace BacNinh.Functions.Serving.OData;

/// <summary>Runs the <see cref="ODataFeed"/> as the function's result.</summary>
public sealed class ODataFeedResult(ODataFeed feed, string? path) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return feed.ExecuteAsync(context.HttpContext, path, context.HttpContext.RequestAborted);
    }
}
