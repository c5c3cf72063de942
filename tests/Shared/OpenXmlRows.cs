using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.Testing;

/// <summary>Rows written straight to a sheet part with <see cref="OpenXmlWriter"/>: the large generated workbooks' one way to write a row.</summary>
public static class OpenXmlRows
{
    public static Cell Text(string text) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    /// <summary>Writes row <paramref name="index"/> (1-based) with its cells in columns A, B, ….</summary>
    public static void WriteRow(OpenXmlWriter writer, uint index, Cell[] cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        writer.WriteStartElement(new Row { RowIndex = index });
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c].CellReference = $"{(char)('A' + c)}{index}";
            writer.WriteElement(cells[c]);
        }

        writer.WriteEndElement();
    }
}
