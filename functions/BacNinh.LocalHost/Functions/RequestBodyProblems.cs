using BacNinh.Functions.Http;

namespace BacNinh.LocalHost.Functions;

/// <summary>
/// A body Kestrel itself refuses (over its size limit, or malformed framing) is answered as every
/// other error of the API, <c>application/problem+json</c> with Kestrel's status, not a bare 413 or a 500.
/// </summary>
public static class RequestBodyProblems
{
    public static WebApplication UseRequestBodyProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiProblem.WriteAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this server accepts."
                    : "The request body could not be read.").ConfigureAwait(false);
            }
        });
        return app;
    }
}
