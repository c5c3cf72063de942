using System.Text;
using Sylvan.Data.Csv;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>A CSV file as one sheet. UTF-8 with or without BOM; comma or semicolon, detected.</summary>
public sealed class CsvSpreadsheetReader : SpreadsheetReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CsvDataReader _reader;
    private readonly string _sheetName;
    private bool _sheetStarted;
    private int _rowNumber;

    public CsvSpreadsheetReader(Stream content, string sheetName)
    {
        ArgumentNullException.ThrowIfNull(content);
        _sheetName = sheetName;
        var text = new StreamReader(content, StrictUtf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        _reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false });
    }

    public override string SheetName => _sheetName;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _reader.RowFieldCount;

    public override SheetCell this[int column] =>
        column < _reader.RowFieldCount ? new SheetCell(_reader.GetString(column)) : SheetCell.Empty;

    public override bool NextSheet()
    {
        if (_sheetStarted)
        {
            return false;
        }

        _sheetStarted = true;
        return true;
    }

    public override bool ReadRow()
    {
        if (!_reader.Read())
        {
            return false;
        }

        _rowNumber++;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }
}
