using BacNinh.Core.Periods;

namespace BacNinh.Core.Uploaders;

/// <summary>
/// One entry of the uploader registry: the folder an agency uploads to, the unit it is, the
/// Entra ID group whose members upload for it, and which units it may report for.
/// </summary>
public sealed record Uploader(
    string Folder,
    string UnitCode,
    string? GroupId,
    UploaderScope Scope,
    DateOnly ValidFrom,
    DateOnly? ValidTo)
{
    public bool IsValidIn(Period period) =>
        ValidFrom <= period.Start && (ValidTo is null || ValidTo.Value >= period.Start);

    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || ValidTo.Value >= date);
}
