using System.Security.Claims;
using BacNinh.Core.Uploaders;
using BacNinh.Functions.Auth;

namespace BacNinh.Functions.Uploads;

/// <summary>
/// Who is calling the upload routes: the agencies whose Entra ID group (the token's <c>groups</c>
/// claim) the uploader registry lists, in force on a date (any entry of the group when reading
/// what was uploaded before), and whether the caller reads every agency's
/// uploads (role <c>Datasets.Read</c>).
/// </summary>
public sealed record UploadCaller(IReadOnlyList<Uploader> Agencies, bool ReadsAll, bool CanWrite)
{
    /// <summary>Claim types a group membership arrives as, with and without inbound claim mapping.</summary>
    public static readonly string[] GroupClaimTypes = ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"];

    public IEnumerable<string> Folders => Agencies.Select(a => a.Folder).Distinct(StringComparer.Ordinal);

    public static UploadCaller From(ClaimsPrincipal user, UploaderRegistry registry, DateOnly? inForceOn)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(registry);
        var groups = user.Claims.Where(c => GroupClaimTypes.Contains(c.Type, StringComparer.Ordinal)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var agencies = inForceOn is { } date
            ? registry.ForGroups(groups, date)
            : [.. registry.All.Where(u => u.GroupId is { Length: > 0 } g && groups.Contains(g))];
        return new UploadCaller(
            agencies,
            FunctionAccessPolicy.HasRole(user, AppRoles.DatasetsRead),
            FunctionAccessPolicy.HasRole(user, AppRoles.UploadsWrite));
    }

    /// <summary>True when the caller may see uploads and reports of <paramref name="folder"/>.</summary>
    public bool MaySee(string folder) => ReadsAll || Agencies.Any(a => string.Equals(a.Folder, folder, StringComparison.Ordinal));
}
