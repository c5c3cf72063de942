using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// xlsx through the Open XML SDK: the SDK opens the package and resolves the workbook, its sheets,
/// shared strings and styles; each worksheet part is then read forward only with an
/// <see cref="XmlReader"/>, one row at a time, so memory stays flat however long the sheet is.
/// Keeps what the agencies' files depend on: number formats (percent cells), formula error
/// values (<c>#DIV/0!</c>) and cached formula results.
/// </summary>
public sealed class XlsxSpreadsheetReader : SpreadsheetReader
{
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CloseInput = true,
    };

    private readonly SpreadsheetDocument _document;
    private readonly List<(string Name, WorksheetPart Part)> _sheets = [];
    private readonly List<string> _sharedStrings = [];
    private readonly string?[] _formats;
    private readonly Func<Stream, Stream> _guardPart;
    private readonly List<SheetCell> _row = [];
    private int _sheetIndex = -1;
    private XmlReader? _xml;
    private int _rowNumber;
    private int _pendingRowNumber;
    private bool _pendingRow;

    /// <param name="content">A seekable xlsx package.</param>
    /// <param name="guardPart">Wraps each decompressed part stream, e.g. to cap its size.</param>
    public XlsxSpreadsheetReader(Stream content, Func<Stream, Stream>? guardPart = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        _guardPart = guardPart ?? (s => s);
        _document = SpreadsheetDocument.Open(content, false, new OpenSettings { AutoSave = false });
        try
        {
            var workbook = _document.WorkbookPart ?? throw new InvalidDataException("The package has no workbook.");
            using (var stream = _guardPart(workbook.GetStream(FileMode.Open, FileAccess.Read)))
            using (var xml = XmlReader.Create(stream, XmlSettings))
            {
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                    {
                        var id = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                        if (id is not null && workbook.TryGetPartById(id, out var part) && part is WorksheetPart worksheet)
                        {
                            _sheets.Add((xml.GetAttribute("name") ?? string.Empty, worksheet));
                        }
                    }
                }
            }

            if (workbook.SharedStringTablePart is { } strings)
            {
                ReadSharedStrings(strings);
            }

            _formats = ReadCellFormats(workbook.WorkbookStylesPart);
        }
        catch
        {
            _document.Dispose();
            throw;
        }
    }

    public override string SheetName => _sheetIndex >= 0 && _sheetIndex < _sheets.Count ? _sheets[_sheetIndex].Name : string.Empty;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _row.Count;

    public override SheetCell this[int column] => column < _row.Count ? _row[column] : SheetCell.Empty;

    public override bool NextSheet()
    {
        _xml?.Dispose();
        _xml = null;
        _rowNumber = 0;
        _pendingRow = false;
        _row.Clear();
        _sheetIndex++;
        if (_sheetIndex >= _sheets.Count)
        {
            return false;
        }

        _xml = XmlReader.Create(_guardPart(_sheets[_sheetIndex].Part.GetStream(FileMode.Open, FileAccess.Read)), XmlSettings);
        return true;
    }

    /// <summary>Moves to the next row, counting rows the file leaves out (empty rows) as empty.</summary>
    public override bool ReadRow()
    {
        _row.Clear();
        if (_pendingRow && _rowNumber + 1 < _pendingRowNumber)
        {
            _rowNumber++;
            return true;
        }

        if (_pendingRow)
        {
            _pendingRow = false;
            _rowNumber = _pendingRowNumber;
            ReadCells();
            return true;
        }

        var xml = _xml;
        if (xml is null)
        {
            return false;
        }

        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "row")
            {
                var number = xml.GetAttribute("r") is { } r && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : _rowNumber + 1;
                if (number > _rowNumber + 1)
                {
                    // Rows the file leaves out are blank rows; keep numbering as the clerk sees it.
                    _pendingRow = true;
                    _pendingRowNumber = number;
                    _rowNumber++;
                    return true;
                }

                _rowNumber = number;
                ReadCells();
                return true;
            }

            if (xml.LocalName is "mergeCells" or "conditionalFormatting" or "pageMargins")
            {
                // sheetData is over.
                break;
            }
        }

        return false;
    }

    private void ReadCells()
    {
        var xml = _xml!;
        if (xml.IsEmptyElement)
        {
            return;
        }

        var depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
            {
                var (column, type, style) = ReadCellAttributes(xml);
                var (raw, inline) = ReadCellContent(xml);
                while (_row.Count < column)
                {
                    _row.Add(SheetCell.Empty);
                }

                var format = style < _formats.Length ? _formats[style] : null;
                _row.Add(new SheetCell(Convert(type, raw, inline, format), format));
            }
        }
    }

    /// <summary>The cell's column (<c>r</c>, else the next one), type (<c>t</c>) and style index (<c>s</c>), in one pass over its attributes.</summary>
    private (int Column, string? Type, int Style) ReadCellAttributes(XmlReader xml)
    {
        var column = _row.Count;
        string? type = null;
        var style = 0;
        if (xml.MoveToFirstAttribute())
        {
            do
            {
                switch (xml.LocalName)
                {
                    case "r":
                        column = ColumnIndex(xml.Value);
                        break;
                    case "t":
                        type = xml.Value;
                        break;
                    case "s":
                        style = int.TryParse(xml.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                        break;
                }
            }
            while (xml.MoveToNextAttribute());

            xml.MoveToElement();
        }

        return (column, type, style);
    }

    private static (string? Value, string? Inline) ReadCellContent(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return (null, null);
        }

        string? value = null;
        System.Text.StringBuilder? inline = null;
        var inValue = false;
        var inText = false;
        var depth = xml.Depth;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    inValue = xml.LocalName == "v" && !xml.IsEmptyElement;
                    inText = xml.LocalName == "t" && !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA when inValue:
                    value += xml.Value;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA when inText:
                    (inline ??= new()).Append(xml.Value);
                    break;
                case XmlNodeType.EndElement when xml.Depth == depth:
                    return (value, inline?.ToString());
                case XmlNodeType.EndElement:
                    inValue = inText = false;
                    break;
            }
        }

        return (value, inline?.ToString());
    }

    private object? Convert(string? type, string? raw, string? inline, string? format)
    {
        switch (type)
        {
            case "s":
                return raw is not null && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _sharedStrings.Count
                    ? _sharedStrings[index]
                    : null;
            case "inlineStr":
                return inline;
            case "str":
                return raw;
            case "e":
                return raw is null ? null : new CellError(raw);
            case "b":
                return raw == "1";
            default:
                if (raw is null)
                {
                    return null;
                }

                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return raw;
                }

                return IsDateFormat(format) && number is > 0 and < 2958466 ? DateTime.FromOADate(number) : number;
        }
    }

    private void ReadSharedStrings(SharedStringTablePart part)
    {
        using var stream = _guardPart(part.GetStream(FileMode.Open, FileAccess.Read));
        using var xml = XmlReader.Create(stream, XmlSettings);
        System.Text.StringBuilder? text = null;
        var inPhonetic = false;
        var inText = false;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    text = new();
                    if (xml.IsEmptyElement)
                    {
                        _sharedStrings.Add(string.Empty);
                        text = null;
                    }

                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    inPhonetic = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    inText = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA when inText && !inPhonetic:
                    text?.Append(xml.Value);
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    inPhonetic = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si" && text is not null:
                    _sharedStrings.Add(text.ToString());
                    text = null;
                    break;
            }
        }
    }

    private static string?[] ReadCellFormats(WorkbookStylesPart? styles)
    {
        var stylesheet = styles?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return [];
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId is not null && f.FormatCode?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        return [.. stylesheet.CellFormats.Elements<CellFormat>().Select(f =>
        {
            var id = f.NumberFormatId?.Value ?? 0;
            return custom.TryGetValue(id, out var code) ? code : BuiltInFormat(id);
        })];
    }

    private static string? BuiltInFormat(uint id) => id switch
    {
        9 => "0%",
        10 => "0.00%",
        14 => "m/d/yyyy",
        >= 15 and <= 17 => "d-mmm-yy",
        22 => "m/d/yyyy h:mm",
        _ => null,
    };

    private static bool IsDateFormat(string? format)
    {
        if (format is null)
        {
            return false;
        }

        // Quoted text and [colour] blocks are not date parts.
        var inQuote = false;
        var inBracket = false;
        foreach (var c in format)
        {
            switch (c)
            {
                case '"': inQuote = !inQuote; break;
                case '[': inBracket = true; break;
                case ']': inBracket = false; break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' when !inQuote && !inBracket:
                    return !format.Contains('%', StringComparison.Ordinal) && !format.Contains('0', StringComparison.Ordinal) && !format.Contains('#', StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>0-based column of a cell reference such as <c>AB12</c>.</summary>
    public static int ColumnIndex(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var index = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = index * 26 + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                index = index * 26 + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }

        return Math.Max(index - 1, 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _xml?.Dispose();
            _document.Dispose();
        }
    }
}
