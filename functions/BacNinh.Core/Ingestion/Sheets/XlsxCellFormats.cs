using System.Globalization;
using System.Xml;
using BacNinh.Core.Ingestion.Files;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// The number format of each cell style (<c>cellXfs</c>) of an xlsx styles part, read forward
/// only: a styles part is never loaded as an object tree, and holds at most
/// <see cref="UploadLimits.MaxCellFormats"/> formats. Fonts, fills and borders are skipped.
/// </summary>
internal static class XlsxCellFormats
{
    /// <summary>Excel's own limit on a format code; a longer one is not a format this reader uses.</summary>
    private const int MaxFormatCodeLength = 255;

    public static string?[] Read(XmlReader xml, UploadLimits limits)
    {
        var custom = new Dictionary<uint, string>();
        var formatIds = new List<uint>();
        var inCellFormats = false;
        xml.Read();
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && !xml.IsEmptyElement
                && xml.LocalName is "fonts" or "fills" or "borders" or "cellStyleXfs" or "cellStyles" or "dxfs" or "colors" or "extLst")
            {
                // Skip moves to the node after the element: do not read past it again.
                xml.Skip();
                continue;
            }

            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellFormats = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt":
                    Count(custom.Count + formatIds.Count, limits);
                    if (Id(xml.GetAttribute("numFmtId")) is { } id && xml.GetAttribute("formatCode") is { Length: <= MaxFormatCodeLength } code)
                    {
                        custom[id] = code;
                    }

                    break;
                case "cellXfs":
                    inCellFormats = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellFormats:
                    Count(custom.Count + formatIds.Count, limits);
                    formatIds.Add(Id(xml.GetAttribute("numFmtId")) ?? 0);
                    break;
            }

            xml.Read();
        }

        return [.. formatIds.Select(id => custom.TryGetValue(id, out var code) ? code : BuiltInFormat(id))];
    }

    private static void Count(int formats, UploadLimits limits)
    {
        if (formats >= limits.MaxCellFormats)
        {
            throw new SpreadsheetReadException(ProblemCodes.FileTooLarge,
                $"Phần định dạng (styles.xml) vượt giới hạn {ReadFailures.Number(limits.MaxCellFormats)} định dạng ô.");
        }
    }

    private static uint? Id(string? text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string? BuiltInFormat(uint id) => id switch
    {
        9 => "0%",
        10 => "0.00%",
        14 => "m/d/yyyy",
        >= 15 and <= 17 => "d-mmm-yy",
        22 => "m/d/yyyy h:mm",
        _ => null,
    };
}
