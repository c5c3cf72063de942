using System.Security.Cryptography;
using System.Text;
using BacNinh.Core.Uploaders;

namespace BacNinh.LocalHost.Auth;

/// <summary>
/// Entra ID group ids for local runs: the default uploader registry names no groups (a replaced
/// <c>uploaders.csv</c> does in Azure), so the local host gives each uploader without one a
/// deterministic id made from its folder, and the development issuer puts that id in the
/// <c>groups</c> claim of whoever signs in for the folder. Never part of the Functions app.
/// </summary>
public static class DevelopmentGroups
{
    /// <summary>A GUID-shaped group id, the same for a folder on every run and machine.</summary>
    public static string IdFor(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("bacninh-development-group/" + folder));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>The registry with every missing group id filled in from the folder.</summary>
    public static UploaderRegistry WithGroups(UploaderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.All.All(u => !string.IsNullOrEmpty(u.GroupId))
            ? registry
            : new UploaderRegistry(registry.All.Select(u => string.IsNullOrEmpty(u.GroupId) ? u with { GroupId = IdFor(u.Folder) } : u));
    }
}
