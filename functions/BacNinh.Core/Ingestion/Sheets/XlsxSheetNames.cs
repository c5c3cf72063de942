using System.Xml;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// The element names of a worksheet as atomized by its <see cref="XmlReader"/>'s name table: the
/// reader's local names are the table's instances, so a name is recognised by reference, not by
/// comparing characters, on every node of every cell.
/// </summary>
internal sealed class XlsxSheetNames(XmlNameTable table)
{
    public string SheetData { get; } = table.Add("sheetData");

    public string Row { get; } = table.Add("row");

    public string Cell { get; } = table.Add("c");

    public string Value { get; } = table.Add("v");

    public string Text { get; } = table.Add("t");

    public string Phonetic { get; } = table.Add("rPh");

    /// <summary>True when <paramref name="localName"/>, a local name the reader gave, is <paramref name="atom"/>.</summary>
    public static bool Is(string localName, string atom) => ReferenceEquals(localName, atom);
}
