using System.Text;
using System.Xml;
using BacNinh.Core.Ingestion.Files;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// An xlsx shared-string table read forward only, within limits: how many strings, how long
/// each (a cell's own limit) and how many characters in all. Phonetic runs are left out.
/// </summary>
internal static class XlsxSharedStrings
{
    public static List<string> Read(XmlReader xml, UploadLimits limits)
    {
        var strings = new List<string>();
        var text = new StringBuilder();
        long characters = 0;
        var inItem = false;
        var inPhonetic = false;
        var inText = false;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    if (strings.Count >= limits.MaxSharedStrings)
                    {
                        throw new SpreadsheetReadException(ProblemCodes.FileTooLarge,
                            $"Bảng chuỗi dùng chung (sharedStrings) vượt giới hạn {ReadFailures.Number(limits.MaxSharedStrings)} chuỗi.");
                    }

                    text.Clear();
                    inItem = !xml.IsEmptyElement;
                    if (!inItem)
                    {
                        strings.Add(string.Empty);
                    }

                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    inPhonetic = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    inText = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inItem && inText && !inPhonetic:
                    if (!BoundedText.TryAppend(xml, text, limits.MaxCellCharacters))
                    {
                        throw new SpreadsheetReadException(ProblemCodes.FileTooLarge,
                            $"Chuỗi dùng chung thứ {ReadFailures.Number(strings.Count + 1)} vượt giới hạn {ReadFailures.Number(limits.MaxCellCharacters)} ký tự của một ô.");
                    }

                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    inPhonetic = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si" && inItem:
                    characters += text.Length;
                    if (characters > limits.MaxSharedStringCharacters)
                    {
                        throw new SpreadsheetReadException(ProblemCodes.FileTooLarge,
                            $"Bảng chuỗi dùng chung (sharedStrings) vượt giới hạn {ReadFailures.Number(limits.MaxSharedStringCharacters)} ký tự.");
                    }

                    strings.Add(text.ToString());
                    inItem = false;
                    break;
            }
        }

        return strings;
    }
}
