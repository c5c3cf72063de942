using System.Text;
using BacNinh.Core.Ingestion.Files;
using Sylvan.Data.Csv;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// A CSV file as one sheet. UTF-8 with or without BOM; comma or semicolon, detected. A record
/// is held whole in the parser's buffer, so the buffer's cap is the row-text limit; rows,
/// fields and field length are checked against <see cref="UploadLimits"/> as each record is read.
/// </summary>
public sealed class CsvSpreadsheetReader : SpreadsheetReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CsvDataReader _reader;
    private readonly string _sheetName;
    private readonly UploadLimits _limits;
    private bool _sheetStarted;
    private int _rowNumber;

    // The current row's cells as they are asked for: a caller reading a column twice gets one string.
    private SheetCell[] _cells = [];
    private bool[] _made = [];

    public CsvSpreadsheetReader(Stream content, string sheetName, UploadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        _sheetName = sheetName;
        _limits = limits ?? UploadLimits.Default;
        // Reads of 64 KiB, not 1 KiB: a million-row export is 100+ MiB. (Text that is not UTF-8 is found a buffer ahead of the rows.)
        var text = new StreamReader(content, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        try
        {
            _reader = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = false,
                BufferSize = Math.Min(0x10000, _limits.MaxRowCharacters),
                MaxBufferSize = _limits.MaxRowCharacters,
            });
        }
        catch (Exception ex) when (IsLibraryFailure(ex))
        {
            text.Dispose();
            throw Translate(ex, 1);
        }
    }

    public override string SheetName => _sheetName;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _reader.RowFieldCount;

    public override SheetCell this[int column]
    {
        get
        {
            if ((uint)column >= (uint)_reader.RowFieldCount)
            {
                return SheetCell.Empty;
            }

            if (!_made[column])
            {
                _cells[column] = new SheetCell(_reader.GetString(column));
                _made[column] = true;
            }

            return _cells[column];
        }
    }

    /// <summary>The field's text in the parser's buffer, valid until the next row.</summary>
    public override bool TryGetText(int column, out ReadOnlySpan<char> text)
    {
        text = (uint)column < (uint)_reader.RowFieldCount ? _reader.GetFieldSpan(column) : default;
        return true;
    }

    public override bool NextSheet()
    {
        KeepAllColumns();
        if (_sheetStarted)
        {
            return false;
        }

        _sheetStarted = true;
        return true;
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
            throw Translate(ex, _rowNumber + 1);
        }

        _rowNumber++;
        if (_rowNumber > _limits.MaxRows)
        {
            throw ReadFailures.TooManyRows(_limits.MaxRows, _sheetName);
        }

        var fields = _reader.RowFieldCount;
        if (fields > _limits.MaxColumns)
        {
            throw ReadFailures.TooManyColumns(_limits.MaxColumns, _sheetName, _rowNumber);
        }

        if (_made.Length < fields)
        {
            (_cells, _made) = (new SheetCell[fields], new bool[fields]);
        }
        else
        {
            Array.Clear(_made, 0, fields);
        }

        // A field is no longer than its record as written: most records are checked whole, without asking for each field.
        if (_reader.GetRawRecordSpan().Length <= _limits.MaxCellCharacters)
        {
            return true;
        }

        for (var i = 0; i < fields; i++)
        {
            if (_reader.GetFieldSpan(i).Length > _limits.MaxCellCharacters)
            {
                throw ReadFailures.CellTooLong(_limits.MaxCellCharacters, _sheetName, _rowNumber, ColumnName.Of(i));
            }
        }

        return true;
    }

    /// <summary>What the decoder and the CSV parser throw: the file is not UTF-8, a record outgrows the buffer, or the text is malformed.</summary>
    private static bool IsLibraryFailure(Exception ex) => ex is DecoderFallbackException or CsvFormatException or IOException;

    private SpreadsheetReadException Translate(Exception ex, int row) => ex switch
    {
        // The decoder runs a buffer ahead of the records, so the row it fails in is not known.
        DecoderFallbackException => new SpreadsheetReadException(ProblemCodes.CorruptFile,
            "Tệp CSV không đúng mã hóa UTF-8; hãy lưu lại bằng 'CSV UTF-8 (Comma delimited)'.", innerException: ex),
        CsvRecordTooLargeException => new SpreadsheetReadException(ProblemCodes.FileTooLarge,
            $"Dòng có nội dung vượt giới hạn {ReadFailures.Number(_limits.MaxRowCharacters)} ký tự.", _sheetName, row, innerException: ex),
        _ => ReadFailures.Corrupt(ex, _sheetName, row),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }
}
