using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BacNinh.Functions.Tests.Http;

/// <summary>Requests and responses without a host: a <see cref="DefaultHttpContext"/> with a readable body.</summary>
internal static class Requests
{
    public static DefaultHttpContext Context(string queryString = "")
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.QueryString = new QueryString(queryString);
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<HttpResponse> ExecuteAsync(IActionResult result)
    {
        var context = Context();
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return context.Response;
    }

    public static JsonElement Json(HttpResponse response)
    {
        response.Body.Position = 0;
        return JsonDocument.Parse(response.Body).RootElement;
    }
}
