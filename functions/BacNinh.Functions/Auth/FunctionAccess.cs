using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;

namespace BacNinh.Functions.Auth;

/// <summary>What a function requires, read once from its attributes.</summary>
public sealed record FunctionAccess(bool Anonymous, string Policy)
{
    /// <summary>The policy of a function that declares nothing: nobody gets in.</summary>
    public const string UndeclaredPolicy = "Undeclared";

    private static readonly ConcurrentDictionary<MethodInfo, FunctionAccess> Cache = new();
    private static readonly ConcurrentDictionary<string, FunctionAccess> ByEntryPoint = new(StringComparer.Ordinal);

    public static FunctionAccess For(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Cache.GetOrAdd(method, static m =>
        {
            if (m.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
            {
                return new FunctionAccess(true, string.Empty);
            }

            var role = m.GetCustomAttribute<RequiresRoleAttribute>() ?? m.DeclaringType?.GetCustomAttribute<RequiresRoleAttribute>();
            return new FunctionAccess(false, role?.Role ?? UndeclaredPolicy);
        });
    }

    /// <summary>Resolves a Functions entry point (<c>Namespace.Type.Method</c>) in this app's assembly.</summary>
    public static FunctionAccess ForEntryPoint(string entryPoint)
    {
        ArgumentNullException.ThrowIfNull(entryPoint);
        return ByEntryPoint.GetOrAdd(entryPoint, static e =>
        {
            var dot = e.LastIndexOf('.');
            var type = dot > 0 ? typeof(FunctionAccess).Assembly.GetType(e[..dot]) : null;
            var method = type?.GetMethod(e[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
            return method is null ? new FunctionAccess(false, UndeclaredPolicy) : For(method);
        });
    }
}
