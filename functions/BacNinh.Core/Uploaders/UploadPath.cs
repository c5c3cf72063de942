using BacNinh.Core.Periods;

namespace BacNinh.Core.Uploaders;

/// <summary>
/// Where an upload sits in the <c>uploads</c> container, read once: <c>{agency}/{yyyy-MM}/{file}</c>,
/// or <c>{agency}/{file}</c> when the sheet says the period. The folder is the uploader's (§3a).
/// </summary>
public sealed record UploadPath
{
    /// <summary>
    /// The folder of a path with no agency folder (rejected as UNKNOWN_UPLOADER, its report stored
    /// under this name). No uploader can have it: registry folders are <c>[a-z0-9-]</c>.
    /// </summary>
    public const string NoFolder = "_";

    private UploadPath(string name, string folder, Period? period, string fileName)
    {
        Name = name;
        Folder = folder;
        Period = period;
        FileName = fileName;
    }

    /// <summary>The blob's name in the container, as stored (what its upload id is computed from).</summary>
    public string Name { get; }

    /// <summary>The uploader's folder, or <see cref="NoFolder"/>.</summary>
    public string Folder { get; }

    /// <summary>The month named by the second segment, or null when the sheet must say it.</summary>
    public Period? Period { get; }

    /// <summary>The last segment.</summary>
    public string FileName { get; }

    public bool HasFolder => Folder != NoFolder;

    /// <summary>Reads a blob name of the container; a name without an agency folder has <see cref="NoFolder"/>.</summary>
    public static UploadPath Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.TrimStart('/');
        var segments = name.TrimEnd('/').Split('/');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            return new UploadPath(name, NoFolder, null, segments[^1]);
        }

        // Only the second segment can be the period: a month folder deeper down is part of the file's name.
        Period? period = segments.Length >= 3 && Periods.Period.TryParse(segments[1], out var p) ? p : null;
        return new UploadPath(name, segments[0], period, segments[^1]);
    }

    public override string ToString() => Name;
}
