using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace BacNinh.LocalHost.Functions;

/// <summary>
/// Maps every HTTP-triggered function of the Functions app to a Kestrel endpoint at
/// <c>/{routePrefix}/{Route}</c>, with the same methods, and runs its <see cref="IActionResult"/>.
/// Routes are read from the functions' own attributes and the prefix from <c>host.json</c>
/// (<c>extensions.http.routePrefix</c>, the Functions host's default <c>api</c> when unset), so
/// nothing is declared twice.
/// </summary>
public static class IsolatedHttpFunctions
{
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<HttpFunction>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (function is not null && trigger is not null)
                {
                    functions.Add(new HttpFunction(function.Name, type, method, trigger.Route ?? function.Name, trigger.Methods ?? ["get", "post"]));
                }
            }
        }

        return functions;
    }

    public static IEndpointRouteBuilder MapIsolatedHttpFunctions(this IEndpointRouteBuilder endpoints, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var prefix = endpoints.ServiceProvider.GetRequiredService<IConfiguration>()[RoutePrefixSetting] ?? "api";
        foreach (var function in Discover(assembly))
        {
            endpoints.MapMethods(RouteTemplate(prefix, function.Route), [.. function.Methods.Select(m => m.ToUpperInvariant())], context => InvokeAsync(context, function))
                .WithName(function.Name)
                .WithMetadata(function);
        }

        return endpoints;
    }

    /// <summary>Where the WebJobs configuration holds <c>host.json</c>'s <c>extensions.http.routePrefix</c>.</summary>
    public const string RoutePrefixSetting = "AzureWebJobs:extensions:http:routePrefix";

    /// <summary>The Kestrel route of a function: the prefix, then the function's route, as the Functions host joins them.</summary>
    public static string RouteTemplate(string prefix, string route)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(route);
        var joined = string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));
        return "/" + joined;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function)
    {
        var instance = ActivatorUtilities.CreateInstance(context.RequestServices, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(context, p)).ToArray();
        var returned = function.Method.Invoke(instance, arguments);
        var result = returned switch
        {
            Task<IActionResult> task => await task.ConfigureAwait(false),
            IActionResult direct => direct,
            _ => throw new InvalidOperationException($"Function {function.Name} must return IActionResult or Task<IActionResult>."),
        };
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
    }

    private static object? Bind(HttpContext context, ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string))
        {
            return context.GetRouteValue(parameter.Name!)?.ToString();
        }

        throw new InvalidOperationException($"Parameter '{parameter.Name}' of type {parameter.ParameterType} cannot be bound by the local host.");
    }
}

/// <summary>An HTTP-triggered function found in the Functions app.</summary>
public sealed record HttpFunction(string Name, Type Type, MethodInfo Method, string Route, IReadOnlyList<string> Methods);
