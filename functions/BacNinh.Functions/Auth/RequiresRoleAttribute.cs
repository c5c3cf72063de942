namespace BacNinh.Functions.Auth;

/// <summary>
/// Declares the app role an HTTP function needs. Both hosts read it: the Functions app through
/// <see cref="FunctionAuthorizationMiddleware"/>, the local host through its endpoint middleware.
/// A function with neither this nor <c>[AllowAnonymous]</c> is refused to everyone.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresRoleAttribute(string role) : Attribute
{
    public string Role { get; } = role;
}
