using System.IO.Compression;
using System.Security;
using System.Text;

namespace BacNinh.Core.Tests.Ingestion;

/// <summary>
/// Writes tiny xlsx packages by hand (zip entries and XML text), so a test can put in them what
/// no spreadsheet program would write: cell references past the last column, absurd row numbers,
/// stored padding beside a deflate bomb, thousands of entries, huge tables of strings or styles.
/// </summary>
internal sealed class HostileWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly List<(string Name, Action<Stream> Write, CompressionLevel Level)> _parts = [];
    private string? _sheetData;
    private string? _sharedStrings;
    private Action<Stream>? _writeSharedStrings;
    private string? _styles;

    /// <summary>The rows of the only sheet, as <c>&lt;row&gt;</c> elements.</summary>
    public HostileWorkbook SheetData(string rows)
    {
        _sheetData = rows;
        return this;
    }

    /// <summary>The <c>&lt;si&gt;</c> elements of a shared-string table.</summary>
    public HostileWorkbook SharedStrings(string items)
    {
        _sharedStrings = items;
        return this;
    }

    /// <summary>The whole shared-string part, written by the test (for tables too large to build as text).</summary>
    public HostileWorkbook SharedStrings(Action<Stream> writePart)
    {
        (_sharedStrings, _writeSharedStrings) = (string.Empty, writePart);
        return this;
    }

    /// <summary>The children of the styles part's <c>&lt;styleSheet&gt;</c>.</summary>
    public HostileWorkbook Styles(string children)
    {
        _styles = children;
        return this;
    }

    /// <summary>Any further zip entry, written as the test likes.</summary>
    public HostileWorkbook Part(string name, Action<Stream> write, CompressionLevel level = CompressionLevel.Optimal)
    {
        _parts.Add((name, write, level));
        return this;
    }

    public byte[] ToArray()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                {(_sharedStrings is null ? string.Empty : """<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>""")}
                {(_styles is null ? string.Empty : """<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""")}
                </Types>
                """);
            Text(zip, "_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Text(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <workbook xmlns="{Main}" xmlns:r="{Relationships}"><sheets><sheet name="DOC_SIGNED" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Text(zip, "xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="{Relationships}/worksheet" Target="worksheets/sheet1.xml"/>
                {(_sharedStrings is null ? string.Empty : $"""<Relationship Id="rId2" Type="{Relationships}/sharedStrings" Target="sharedStrings.xml"/>""")}
                {(_styles is null ? string.Empty : $"""<Relationship Id="rId3" Type="{Relationships}/styles" Target="styles.xml"/>""")}
                </Relationships>
                """);
            Text(zip, "xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>{_sheetData}</sheetData></worksheet>""");
            if (_writeSharedStrings is not null)
            {
                using var entry = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open();
                _writeSharedStrings(entry);
            }
            else if (_sharedStrings is not null)
            {
                Text(zip, "xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">{_sharedStrings}</sst>""");
            }

            if (_styles is not null)
            {
                Text(zip, "xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{Main}">{_styles}</styleSheet>""");
            }

            foreach (var (name, write, level) in _parts)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                write(entry);
            }
        }

        return file.ToArray();
    }

    /// <summary>The rows of a valid DOC_SIGNED table of August 2023: title (with <paramref name="titleCells"/> after A1), header and two units.</summary>
    public static string ValidRows(int firstDataRow = 3, string titleCells = "") => $"""
        <row r="1">{Inline("A1", "Tháng 8/2023")}{titleCells}</row>
        <row r="2">{Inline("A2", "Tên đơn vị")}{Inline("B2", "Tổng số văn bản đi")}{Inline("C2", "Số văn bản đi có ký số")}</row>
        <row r="{firstDataRow}">{Inline($"A{firstDataRow}", "Sở Tài chính")}<c r="B{firstDataRow}"><v>420</v></c><c r="C{firstDataRow}"><v>400</v></c></row>
        <row r="{firstDataRow + 1}">{Inline($"A{firstDataRow + 1}", "Sở Tư pháp")}<c r="B{firstDataRow + 1}"><v>100</v></c><c r="C{firstDataRow + 1}"><v>90</v></c></row>
        """;

    public static string Inline(string reference, string text) =>
        $"""<c r="{reference}" t="inlineStr"><is><t>{SecurityElement.Escape(text)}</t></is></c>""";

    private static void Text(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }
}
