namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Forward-only reader over the sheets and rows of an uploaded file, whatever its format:
/// <see cref="NextSheet"/> moves to a sheet, <see cref="ReadRow"/> to its next row.
/// Only the current row is held, so memory does not grow with the file.
/// </summary>
public abstract class SpreadsheetReader : IDisposable
{
    public abstract string SheetName { get; }

    /// <summary>1-based number of the current row in its sheet, as the clerk sees it.</summary>
    public abstract int RowNumber { get; }

    public abstract int CellCount { get; }

    public abstract SheetCell this[int column] { get; }

    /// <summary>Moves to the next sheet; the first call moves to the first sheet.</summary>
    public abstract bool NextSheet();

    public abstract bool ReadRow();

    /// <summary>Copies the current row, for the few rows (titles, headers) that must be kept.</summary>
    public SheetCell[] CurrentRow()
    {
        var cells = new SheetCell[CellCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = this[i];
        }

        return cells;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
