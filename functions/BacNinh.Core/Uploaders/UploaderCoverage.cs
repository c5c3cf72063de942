using BacNinh.Core.Units;

namespace BacNinh.Core.Uploaders;

/// <summary>Whether an uploader's scope covers a unit, judged against the registry of the upload's month.</summary>
public static class UploaderCoverage
{
    public static bool Covers(this Uploader uploader, Unit unit, UnitDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(directory);
        return uploader.Scope switch
        {
            UploaderScope.All => true,
            UploaderScope.Self => IsUploader(uploader, unit),
            _ => IsUploader(uploader, unit) || HasAncestor(uploader, unit, directory),
        };
    }

    private static bool IsUploader(Uploader uploader, Unit unit) => string.Equals(unit.Code, uploader.UnitCode, StringComparison.OrdinalIgnoreCase);

    private static bool HasAncestor(Uploader uploader, Unit unit, UnitDirectory directory)
    {
        // Walk up the parents; the bound guards against a registry whose parents form a loop.
        var current = unit;
        for (var depth = 0; depth < 16 && current.ParentCode is { } parentCode; depth++)
        {
            if (string.Equals(parentCode, uploader.UnitCode, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (directory.FindByCode(parentCode) is not { } parent)
            {
                return false;
            }

            current = parent;
        }

        return false;
    }
}
