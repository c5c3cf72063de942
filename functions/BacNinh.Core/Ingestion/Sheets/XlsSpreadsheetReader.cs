using System.Text;
using BacNinh.Core.Ingestion.Files;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Legacy xls through ExcelDataReader, which streams rows and keeps number formats. The format
/// itself caps a sheet at 65,536 rows and 256 columns; rows, columns and cell text are still
/// checked against <see cref="UploadLimits"/>, and the library's failures become
/// <see cref="SpreadsheetReadException"/>.
/// </summary>
public sealed class XlsSpreadsheetReader : SpreadsheetReader
{
    private readonly IExcelDataReader _reader;
    private readonly UploadLimits _limits;
    private bool _started;
    private int _rowNumber;

    static XlsSpreadsheetReader()
    {
        // Legacy .xls stores text in Windows code pages.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public XlsSpreadsheetReader(Stream content, UploadLimits? limits = null)
    {
        _limits = limits ?? UploadLimits.Default;
        try
        {
            _reader = ExcelReaderFactory.CreateReader(content, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw Translate(ex, null, null);
        }
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
        KeepAllColumns();
        _rowNumber = 0;
        if (!_started)
        {
            _started = true;
            return true;
        }

        try
        {
            return _reader.NextResult();
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw Translate(ex, null, null);
        }
    }

    public override bool ReadRow()
    {
        try
        {
            if (!_reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            throw Translate(ex, SheetName, _rowNumber + 1);
        }

        _rowNumber++;
        if (_rowNumber > _limits.MaxRows)
        {
            throw ReadFailures.TooManyRows(_limits.MaxRows, SheetName);
        }

        if (_reader.FieldCount > _limits.MaxColumns)
        {
            throw ReadFailures.TooManyColumns(_limits.MaxColumns, SheetName, _rowNumber);
        }

        long characters = 0;
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            if (_reader.GetValue(i) is string text)
            {
                if (text.Length > _limits.MaxCellCharacters)
                {
                    throw ReadFailures.CellTooLong(_limits.MaxCellCharacters, SheetName, _rowNumber, ColumnName.Of(i));
                }

                if ((characters += text.Length) > _limits.MaxRowCharacters)
                {
                    throw ReadFailures.RowTooLong(_limits.MaxRowCharacters, SheetName, _rowNumber);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// ExcelDataReader parses nothing but the file's bytes, and on damaged records lets out its
    /// own exceptions and, as often, index, argument, null and state errors of its parsing (seen
    /// fuzzing a fixture). Whatever it throws is the file's fault, except running out of memory,
    /// which the caller reports as a file too large.
    /// </summary>
    private static bool IsLibraryFailure(Exception ex) => ex is not OutOfMemoryException;

    private static SpreadsheetReadException Translate(Exception ex, string? sheet, int? row) => ex switch
    {
        InvalidPasswordException => new SpreadsheetReadException(ProblemCodes.CorruptFile,
            "Tệp được đặt mật khẩu (mã hóa) nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại.", innerException: ex),
        _ => ReadFailures.Corrupt(ex, sheet, row),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }
}
