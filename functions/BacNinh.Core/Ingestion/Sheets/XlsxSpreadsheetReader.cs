using System.Globalization;
using System.Text;
using System.Xml;
using BacNinh.Core.Ingestion.Files;
using DocumentFormat.OpenXml.Packaging;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// xlsx through the Open XML SDK: the SDK opens the package and resolves the workbook's parts;
/// the workbook, shared strings, styles and each worksheet are then read forward only with an
/// <see cref="XmlReader"/>, one row at a time, so memory stays flat however long the sheet is.
/// Every part is read through the package's inflate budget and within <see cref="UploadLimits"/>:
/// rows are sparse (only the cells the file gives), a column past the limit, a row number past it
/// or an overlong cell is a <see cref="SpreadsheetReadException"/>, as is every failure of the
/// package and XML libraries. Keeps what the agencies' files depend on: number formats (percent
/// cells), formula error values (<c>#DIV/0!</c>) and cached formula results.
/// </summary>
public sealed class XlsxSpreadsheetReader : SpreadsheetReader
{
    private readonly SpreadsheetDocument _document;
    private readonly UploadLimits _limits;
    private readonly InflateBudget _budget;
    private readonly List<(string Name, WorksheetPart Part)> _sheets = [];
    private readonly List<string> _sharedStrings = [];
    private readonly string?[] _formats = [];
    private readonly SheetRowBuilder _row = new();
    private readonly StringBuilder _text = new();
    private readonly CellValueText _value = new();

    // Attribute values (r, t, s) are read into this reused buffer: three or four of them per cell would otherwise each be a string.
    private readonly CellValueText _attribute = new();
    private bool _hasValue;
    private bool[]? _keep;
    private int _sheetIndex = -1;
    private XmlReader? _xml;
    private XlsxSheetNames? _names;
    private int _rowNumber;
    private long _rowCharacters;

    /// <param name="content">A seekable xlsx package.</param>
    /// <param name="limits">Limits on parts, rows, columns and text (default: the contract's).</param>
    public XlsxSpreadsheetReader(Stream content, UploadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        _limits = limits ?? UploadLimits.Default;
        _budget = new InflateBudget(_limits.MaxUncompressedBytes);
        // The SDK's own cap, for any part it parses itself (ours are read by the readers below).
        _document = FromPackage(() => SpreadsheetDocument.Open(content, false, new OpenSettings { AutoSave = false, MaxCharactersInPart = _limits.MaxPartBytes }));
        try
        {
            var workbook = FromPackage(() => _document.WorkbookPart) ?? throw new SpreadsheetReadException(ProblemCodes.CorruptFile, "Tệp .xlsx không có workbook.");
            ReadSheetList(workbook);
            if (FromPackage(() => workbook.SharedStringTablePart) is { } strings)
            {
                using var xml = OpenPart(strings, _limits.MaxPartBytes);
                _sharedStrings = XlsxSharedStrings.Read(xml, _limits);
            }

            if (FromPackage(() => workbook.WorkbookStylesPart) is { } styles)
            {
                using var xml = OpenPart(styles, Math.Min(_limits.MaxStylesBytes, _limits.MaxPartBytes));
                _formats = XlsxCellFormats.Read(xml, _limits);
            }
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            _document.Dispose();
            throw Translate(ex, null, null);
        }
        catch
        {
            _document.Dispose();
            throw;
        }
    }

    public override string SheetName => _sheetIndex >= 0 && _sheetIndex < _sheets.Count ? _sheets[_sheetIndex].Name : string.Empty;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _row.Width;

    public override SheetCell this[int column] => _row[column];

    public override SheetRow CurrentRow() => _row.ToRow();

    public override void KeepColumns(IReadOnlyCollection<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var keep = new bool[_limits.MaxColumns];
        foreach (var column in columns)
        {
            if ((uint)column < (uint)keep.Length)
            {
                keep[column] = true;
            }
        }

        _keep = keep;
    }

    public override bool NextSheet()
    {
        _xml?.Dispose();
        _xml = null;
        _rowNumber = 0;
        _keep = null;
        _row.Clear();
        _sheetIndex++;
        if (_sheetIndex >= _sheets.Count)
        {
            return false;
        }

        try
        {
            // The XML reader reads the part's first bytes at once.
            _xml = OpenPart(_sheets[_sheetIndex].Part, _limits.MaxPartBytes);
            _names = new XlsxSheetNames(_xml.NameTable);
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw Translate(ex, SheetName, null);
        }

        return true;
    }

    /// <summary>Moves to the next row the file holds; rows it leaves out (blank rows) are skipped, numbering kept.</summary>
    public override bool ReadRow()
    {
        _row.Clear();
        var xml = _xml;
        var names = _names;
        if (xml is null || names is null)
        {
            return false;
        }

        try
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.EndElement && XlsxSheetNames.Is(xml.LocalName, names.SheetData))
                {
                    break;
                }

                if (xml.NodeType == XmlNodeType.Element && XlsxSheetNames.Is(xml.LocalName, names.Row))
                {
                    var r = xml.MoveToAttribute("r") ? AttributeValue(xml) : null;
                    xml.MoveToElement();
                    _rowNumber = NextRowNumber(r);
                    ReadCells(xml, names);
                    return true;
                }
            }
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw Translate(ex, SheetName, _rowNumber == 0 ? null : _rowNumber);
        }

        xml.Dispose();
        _xml = null;
        return false;
    }

    private void ReadSheetList(WorkbookPart workbook)
    {
        using var xml = OpenPart(workbook, _limits.MaxPartBytes);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
            {
                var id = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                if (id is not null && FromPackage(() => workbook.TryGetPartById(id, out var part) ? part : null) is WorksheetPart worksheet)
                {
                    _sheets.Add((xml.GetAttribute("name") ?? string.Empty, worksheet));
                }
            }
        }
    }

    private XmlReader OpenPart(OpenXmlPart part, long limit)
    {
        var stream = new BoundedStream(FromPackage(() => part.GetStream(FileMode.Open, FileAccess.Read)), limit, _budget);
        return XmlReader.Create(stream, new XmlReaderSettings
        {
            IgnoreWhitespace = true,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CloseInput = true,
            MaxCharactersInDocument = limit,
        });
    }

    /// <summary>
    /// The value of the attribute the reader stands on, in <see cref="_attribute"/>'s buffer (valid until the next
    /// attribute is read); the reader is moved back to its element.
    /// </summary>
    private CellValueText AttributeValue(XmlReader xml)
    {
        _attribute.Clear();
        // The part is bounded, so is any attribute in it: the cap only keeps the arithmetic in range.
        _attribute.TryAppend(xml, int.MaxValue / 2);
        return _attribute;
    }

    /// <summary>A row's number: its <c>r</c> (null when absent), else the one after the last; never backwards, never past the limit.</summary>
    private int NextRowNumber(CellValueText? given)
    {
        long number = _rowNumber + 1;
        if (given is not null && !CellNumbers.TryParseDigits(given.Span, long.MaxValue, out number))
        {
            // More digits than a long holds is a row number past any limit; anything else is not a number.
            var r = given.Span;
            throw r.Length > 0 && !r.ContainsAnyExceptInRange('0', '9')
                ? ReadFailures.TooManyRows(_limits.MaxRows, SheetName)
                : new SpreadsheetReadException(ProblemCodes.CorruptFile, $"Sheet '{SheetName}' có số dòng không hợp lệ ('{Clip(r.ToString())}').", SheetName);
        }

        if (number > _limits.MaxRows)
        {
            throw ReadFailures.TooManyRows(_limits.MaxRows, SheetName);
        }

        if (number <= _rowNumber)
        {
            throw new SpreadsheetReadException(ProblemCodes.CorruptFile,
                $"Sheet '{SheetName}' có dòng {number} lặp lại hoặc sai thứ tự (sau dòng {_rowNumber}).", SheetName, (int)number);
        }

        return (int)number;
    }

    private void ReadCells(XmlReader xml, XlsxSheetNames names)
    {
        _rowCharacters = 0;
        if (xml.IsEmptyElement)
        {
            return;
        }

        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element || !XlsxSheetNames.Is(xml.LocalName, names.Cell))
            {
                xml.Read();
                continue;
            }

            var (column, type, style) = ReadCellAttributes(xml);
            if (_keep is { } keep && !keep[column])
            {
                // Not a column of the table: the cell is never built.
                xml.Skip();
                continue;
            }

            var inline = ReadCellContent(xml, column, names);
            var format = style < _formats.Length ? _formats[style] : null;
            _row.Add(column, new SheetCell(Convert(type, inline, format), format));
            xml.Read();
        }
    }

    /// <summary>The cell's column (<c>r</c>, else the next one), type (<c>t</c>) and style index (<c>s</c>), in one pass over its attributes.</summary>
    private (int Column, string? Type, int Style) ReadCellAttributes(XmlReader xml)
    {
        var column = _row.LastColumn + 1;
        string? type = null;
        var style = 0;
        if (xml.MoveToFirstAttribute())
        {
            do
            {
                switch (xml.LocalName)
                {
                    case "r":
                        column = ColumnOf(AttributeValue(xml).Span);
                        break;
                    case "t":
                        type = CellType(AttributeValue(xml).Span);
                        break;
                    case "s":
                        style = CellNumbers.TryParseDigits(AttributeValue(xml).Span, int.MaxValue, out var s) ? (int)s : 0;
                        break;
                }
            }
            while (xml.MoveToNextAttribute());

            xml.MoveToElement();
        }

        if (column >= _limits.MaxColumns)
        {
            throw ReadFailures.TooManyColumns(_limits.MaxColumns, SheetName, _rowNumber);
        }

        if (column <= _row.LastColumn)
        {
            throw new SpreadsheetReadException(ProblemCodes.CorruptFile,
                $"Ô {ColumnName.Of(column)}{_rowNumber} lặp lại hoặc sai thứ tự trong dòng.", SheetName, _rowNumber, ColumnName.Of(column));
        }

        return (column, type, style);
    }

    /// <summary>The cell types <see cref="Convert"/> tells apart, as constant strings; any other type is read as a number (null).</summary>
    private static string? CellType(ReadOnlySpan<char> type) => type switch
    {
        "s" => "s",
        "inlineStr" => "inlineStr",
        "str" => "str",
        "e" => "e",
        "b" => "b",
        _ => null,
    };

    /// <summary>The column of a reference such as <c>AB12</c>; letters past the column limit are refused before they can overflow.</summary>
    private int ColumnOf(ReadOnlySpan<char> reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            var letter = c is >= 'A' and <= 'Z' ? c - 'A' + 1 : c is >= 'a' and <= 'z' ? c - 'a' + 1 : 0;
            if (letter == 0)
            {
                break;
            }

            index = (index * 26) + letter;
            if (index > _limits.MaxColumns)
            {
                throw ReadFailures.TooManyColumns(_limits.MaxColumns, SheetName, _rowNumber);
            }
        }

        return index == 0 ? _row.LastColumn + 1 : index - 1;
    }

    /// <summary>
    /// Reads the cell's value text (<c>v</c>) into <see cref="_value"/> and returns its inline text
    /// (<c>is/t</c>), each within the cell-text limit. The value stays in a reused buffer: numbers
    /// and shared-string indexes, most cells of a sheet, are parsed from it without a string.
    /// </summary>
    private string? ReadCellContent(XmlReader xml, int column, XlsxSheetNames names)
    {
        _value.Clear();
        _hasValue = false;
        if (xml.IsEmptyElement)
        {
            return null;
        }

        StringBuilder? inline = null;
        var inValue = false;
        var inText = false;
        var inPhonetic = false;
        var depth = xml.Depth;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    var name = xml.LocalName;
                    var empty = xml.IsEmptyElement;
                    inValue = XlsxSheetNames.Is(name, names.Value) && !empty;
                    inText = XlsxSheetNames.Is(name, names.Text) && !empty && !inPhonetic;
                    inPhonetic |= XlsxSheetNames.Is(name, names.Phonetic) && !empty;
                    if (inValue)
                    {
                        _value.Clear();
                        _hasValue = true;
                    }
                    else if (inText)
                    {
                        inline ??= _text.Clear();
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inValue || inText:
                    if (!(inValue ? _value.TryAppend(xml, _limits.MaxCellCharacters) : BoundedText.TryAppend(xml, inline!, _limits.MaxCellCharacters)))
                    {
                        throw ReadFailures.CellTooLong(_limits.MaxCellCharacters, SheetName, _rowNumber, ColumnName.Of(column));
                    }

                    break;
                case XmlNodeType.EndElement when xml.Depth == depth:
                    return Counted(inline);
                case XmlNodeType.EndElement:
                    inPhonetic &= !XlsxSheetNames.Is(xml.LocalName, names.Phonetic);
                    inValue = inText = false;
                    break;
            }
        }

        return Counted(inline);

        string? Counted(StringBuilder? text)
        {
            _rowCharacters += _value.Length + (text?.Length ?? 0);
            if (_rowCharacters > _limits.MaxRowCharacters)
            {
                throw ReadFailures.RowTooLong(_limits.MaxRowCharacters, SheetName, _rowNumber);
            }

            return text?.ToString();
        }
    }

    private object? Convert(string? type, string? inline, string? format)
    {
        var raw = _value.Span;
        switch (type)
        {
            case "s":
                return _hasValue && CellNumbers.TryParseDigits(raw, int.MaxValue, out var index) && index < _sharedStrings.Count
                    ? _sharedStrings[(int)index]
                    : null;
            case "inlineStr":
                return inline;
            case "str":
                return _hasValue ? raw.ToString() : null;
            case "e":
                return _hasValue ? new CellError(raw.ToString()) : null;
            case "b":
                return raw is "1";
            default:
                if (!_hasValue)
                {
                    return null;
                }

                if (!CellNumbers.TryParse(raw, out var number))
                {
                    return raw.ToString();
                }

                return IsDateFormat(format) && number is > 0 and < 2958466 ? DateTime.FromOADate(number) : CellNumbers.Box(number);
        }
    }

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

    /// <summary>The failures of the zip and XML libraries while reading a part: all mean the file itself is bad.</summary>
    private static bool IsLibraryFailure(Exception ex) =>
        ex is XmlException or IOException or InvalidDataException or FormatException or OpenXmlPackageException;

    /// <summary>
    /// Opens the package or resolves one of its parts. The packaging library reports a damaged
    /// package (a relationship to a missing part, a bad target) with state and argument errors
    /// as well as its own, as fuzzing the fixtures shows: whatever it throws here is the file's fault.
    /// </summary>
    private T FromPackage<T>(Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or SpreadsheetReadException))
        {
            throw Translate(ex, _sheetIndex >= 0 ? SheetName : null, null);
        }
    }

    private static SpreadsheetReadException Translate(Exception ex, string? sheet, int? row) => ex switch
    {
        DecompressionLimitException { WholePackage: true } limit => new SpreadsheetReadException(ProblemCodes.FileTooLarge,
            $"Tệp bị từ chối vì tổng dung lượng sau giải nén vượt giới hạn {ReadFailures.Number(limit.Limit)} byte (nghi ngờ 'zip bomb').", sheet, row, innerException: ex),
        DecompressionLimitException limit => new SpreadsheetReadException(ProblemCodes.FileTooLarge,
            $"Tệp bị từ chối vì một phần của tệp khi giải nén vượt giới hạn {ReadFailures.Number(limit.Limit)} byte (nghi ngờ 'zip bomb').", sheet, row, innerException: ex),
        _ => ReadFailures.Corrupt(ex, sheet, row),
    };

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "…";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _xml?.Dispose();
            _document.Dispose();
        }
    }
}
