using System.Diagnostics.CodeAnalysis;
using BacNinh.Core.Periods;

namespace BacNinh.Core.Uploaders;

/// <summary>
/// Where an upload sits in the <c>uploads</c> container: <c>{agency}/{yyyy-MM}/{file}</c>, or
/// <c>{agency}/{file}</c> when the sheet says the period. The folder is the uploader's (§3a).
/// </summary>
public sealed record UploadPath(string Folder, Period? Period, string FileName)
{
    /// <summary>Reads a path inside the container; false when it has no agency folder.</summary>
    public static bool TryParse(string? pathInContainer, [NotNullWhen(true)] out UploadPath? path)
    {
        path = null;
        if (string.IsNullOrWhiteSpace(pathInContainer))
        {
            return false;
        }

        var segments = pathInContainer.Trim('/').Split('/');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            return false;
        }

        // Only the second segment can be the period: a month folder deeper down is part of the file's name.
        Period? period = segments.Length >= 3 && Periods.Period.TryParse(segments[1], out var p) ? p : null;
        path = new UploadPath(segments[0], period, segments[^1]);
        return true;
    }

    /// <summary>The path's period, or null when it has none (or no agency folder at all).</summary>
    public static Period? PeriodOf(string pathInContainer) => TryParse(pathInContainer, out var path) ? path.Period : null;

    /// <summary>The agency folder of a path, or null when it has none.</summary>
    public static string? FolderOf(string pathInContainer) => TryParse(pathInContainer, out var path) ? path.Folder : null;

    public override string ToString() => Period is { } p ? $"{Folder}/{p}/{FileName}" : $"{Folder}/{FileName}";
}
