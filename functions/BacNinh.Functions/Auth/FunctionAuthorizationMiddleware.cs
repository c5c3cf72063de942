using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace BacNinh.Functions.Auth;

/// <summary>
/// Applies <see cref="FunctionAccessPolicy"/> to every HTTP invocation of the Functions app before
/// the function runs; other triggers pass through.
/// </summary>
public sealed class FunctionAuthorizationMiddleware(FunctionAccessPolicy policy) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext();
        if (http is null || await policy.AuthorizeAsync(http, FunctionAccess.ForEntryPoint(context.FunctionDefinition.EntryPoint)).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
