using BacNinh.Functions.Auth;
using BacNinh.LocalHost.Functions;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// The local host's counterpart of the Functions app's worker middleware: the same
/// <see cref="FunctionAccessPolicy"/>, applied to every endpoint that runs an HTTP function.
/// </summary>
public static class FunctionAuthorizationEndpoints
{
    public static IApplicationBuilder UseFunctionAuthorization(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var function = context.GetEndpoint()?.Metadata.GetMetadata<HttpFunction>();
            if (function is null)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var policy = context.RequestServices.GetRequiredService<FunctionAccessPolicy>();
            if (await policy.AuthorizeAsync(context, FunctionAccess.For(function.Method)).ConfigureAwait(false))
            {
                await next(context).ConfigureAwait(false);
            }
        });
    }
}
