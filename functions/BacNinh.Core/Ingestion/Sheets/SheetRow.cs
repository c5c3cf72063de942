namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// The cells a row holds, sparse: only the columns the file gives, in column order, so a cell
/// at column XFD costs one cell, not sixteen thousand. Immutable, so rows can cross threads.
/// </summary>
public sealed class SheetRow
{
    private readonly int[] _columns;
    private readonly SheetCell[] _cells;

    /// <param name="columns">0-based columns, strictly increasing.</param>
    /// <param name="cells">The cell of each column.</param>
    public SheetRow(int[] columns, SheetCell[] cells)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfNotEqual(cells.Length, columns.Length, nameof(cells));
        (_columns, _cells) = (columns, cells);
    }

    public static SheetRow Empty { get; } = new([], []);

    /// <summary>One past the last column with a cell: how wide the row looks in Excel.</summary>
    public int Width => _columns.Length == 0 ? 0 : _columns[^1] + 1;

    /// <summary>How many cells the row holds.</summary>
    public int Count => _columns.Length;

    public SheetCell this[int column]
    {
        get
        {
            // Most rows are dense from column A: try the cell at the column's own index first.
            if ((uint)column < (uint)_columns.Length && _columns[column] == column)
            {
                return _cells[column];
            }

            var index = Array.BinarySearch(_columns, column);
            return index >= 0 ? _cells[index] : SheetCell.Empty;
        }
    }

    /// <summary>The column of the <paramref name="index"/>-th cell held.</summary>
    public int ColumnAt(int index) => _columns[index];

    /// <summary>The <paramref name="index"/>-th cell held.</summary>
    public SheetCell CellAt(int index) => _cells[index];

    /// <summary>A rough count of the bytes the row holds, to bound how many rows are buffered.</summary>
    public long EstimatedBytes()
    {
        long bytes = 64 + (_columns.Length * 40L);
        foreach (var cell in _cells)
        {
            if (cell.Value is string text)
            {
                bytes += 24 + (text.Length * 2L);
            }
        }

        return bytes;
    }
}
