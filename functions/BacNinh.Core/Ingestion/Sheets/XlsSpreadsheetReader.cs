using System.Text;
using ExcelDataReader;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>Legacy .xls (an OLE compound file) through ExcelDataReader, which streams rows and keeps number formats.</summary>
public sealed class XlsSpreadsheetReader : SpreadsheetReader
{
    private readonly IExcelDataReader _reader;
    private bool _started;
    private int _rowNumber;

    static XlsSpreadsheetReader()
    {
        // Legacy .xls stores text in Windows code pages.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public XlsSpreadsheetReader(Stream content)
    {
        _reader = ExcelReaderFactory.CreateReader(content, new ExcelReaderConfiguration { LeaveOpen = true });
    }

    public override string SheetName => _reader.Name ?? string.Empty;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _reader.FieldCount;

    public override SheetCell this[int column] =>
        column < _reader.FieldCount && _reader.GetValue(column) is { } value
            ? new SheetCell(value, _reader.GetNumberFormatString(column))
            : SheetCell.Empty;

    public override bool NextSheet()
    {
        _rowNumber = 0;
        if (!_started)
        {
            _started = true;
            return true;
        }

        return _reader.NextResult();
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
