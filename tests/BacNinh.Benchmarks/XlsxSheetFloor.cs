using System.IO.Compression;
using System.Xml;

namespace BacNinh.Benchmarks;

/// <summary>
/// The floor every xlsx parse is measured against: the first sheet's XML read with <see cref="XmlReader"/>
/// and nothing else, each non-empty value counted.
/// </summary>
internal static class XlsxSheetFloor
{
    public static int Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = true });
        var values = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Text)
            {
                values += xml.Value.Length > 0 ? 1 : 0;
            }
        }

        return values;
    }
}
