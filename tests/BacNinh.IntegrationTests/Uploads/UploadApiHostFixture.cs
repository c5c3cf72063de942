using BacNinh.Functions.Auth;
using BacNinh.IntegrationTests.Fixtures;
using BacNinh.LocalHost.Auth;

namespace BacNinh.IntegrationTests.Uploads;

/// <summary>The local host with a small upload limit, and clients that sign in for agencies.</summary>
public sealed class UploadApiHostFixture : LocalHostFixture
{
    public const long MaxUploadBytes = 20_000;

    protected override IEnumerable<string> ExtraArguments => ["--IngestionOptions:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>A staff member of <paramref name="folder"/>'s agency: role <c>Uploads.Write</c>, its development group.</summary>
    public HttpClient Agency(string folder, params string[] extraRoles) =>
        CreateClient(Issuer.CreateToken([AppRoles.UploadsWrite, .. extraRoles], AppRoles.UserImpersonationScope, groups: [DevelopmentGroups.IdFor(folder)]));
}
