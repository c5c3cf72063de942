using System.Runtime.InteropServices;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>Collects one row's cells as a reader meets them, in column order, sparse.</summary>
public sealed class SheetRowBuilder
{
    private readonly List<int> _columns = [];
    private readonly List<SheetCell> _cells = [];
    private int[] _lastColumns = [];

    public int Count => _columns.Count;

    /// <summary>The last column added, or -1.</summary>
    public int LastColumn => _columns.Count == 0 ? -1 : _columns[^1];

    public SheetCell this[int column]
    {
        get
        {
            var index = _columns.BinarySearch(column);
            return index >= 0 ? _cells[index] : SheetCell.Empty;
        }
    }

    /// <summary>One past the last column with a cell.</summary>
    public int Width => LastColumn + 1;

    public void Clear()
    {
        _columns.Clear();
        _cells.Clear();
    }

    /// <summary>Adds a cell to the right of the ones already added.</summary>
    public void Add(int column, SheetCell cell)
    {
        if (column <= LastColumn)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, "Cells are added left to right.");
        }

        _columns.Add(column);
        _cells.Add(cell);
    }

    /// <summary>
    /// The row built so far. Rows of a table nearly always fill the same columns: a row whose
    /// columns are the last row's shares that row's (immutable) column array instead of copying it.
    /// </summary>
    public SheetRow ToRow()
    {
        if (_columns.Count == 0)
        {
            return SheetRow.Empty;
        }

        if (!CollectionsMarshal.AsSpan(_columns).SequenceEqual(_lastColumns))
        {
            _lastColumns = [.. _columns];
        }

        return new SheetRow(_lastColumns, [.. _cells]);
    }
}
