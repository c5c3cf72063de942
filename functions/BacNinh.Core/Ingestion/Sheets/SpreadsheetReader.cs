namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Forward-only reader over the sheets and rows of an uploaded file, whatever its format:
/// <see cref="NextSheet"/> moves to a sheet, <see cref="ReadRow"/> to its next row.
/// Only the current row is held, so memory does not grow with the file. A file that cannot be
/// read, or breaks a limit, fails with <see cref="SpreadsheetReadException"/> and nothing else.
/// </summary>
public abstract class SpreadsheetReader : IDisposable
{
    private readonly SheetRowBuilder _copy = new();
    private bool[]? _kept;

    public abstract string SheetName { get; }

    /// <summary>1-based number of the current row in its sheet, as the clerk sees it.</summary>
    public abstract int RowNumber { get; }

    /// <summary>One past the last column of the current row that holds a cell.</summary>
    public abstract int CellCount { get; }

    public abstract SheetCell this[int column] { get; }

    /// <summary>
    /// The current row's text at <paramref name="column"/> as the file holds it (empty past the row's end), without
    /// building a cell: true only for readers whose every cell is text (CSV), so a caller that merely classifies a
    /// field (a date, a channel) allocates nothing. Otherwise false: read the typed cell through the indexer.
    /// </summary>
    public virtual bool TryGetText(int column, out ReadOnlySpan<char> text)
    {
        text = default;
        return false;
    }

    /// <summary>
    /// The reader that holds the current row's cells: this one, or for a wrapper that only checks between rows (a
    /// time box), the reader it wraps, so a caller reading many fields a row can ask it directly.
    /// </summary>
    public virtual SpreadsheetReader CellSource => this;

    /// <summary>Moves to the next sheet; the first call moves to the first sheet.</summary>
    public abstract bool NextSheet();

    public abstract bool ReadRow();

    /// <summary>
    /// From the next row on, keep only these columns of the current sheet: the ones its table
    /// uses. Cells elsewhere are not built, so a wide sheet costs what its table costs.
    /// </summary>
    public virtual void KeepColumns(IReadOnlyCollection<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var kept = new bool[columns.Count == 0 ? 0 : Math.Max(columns.Max() + 1, 0)];
        foreach (var column in columns)
        {
            if (column >= 0)
            {
                kept[column] = true;
            }
        }

        _kept = kept;
    }

    /// <summary>Copies the current row's cells (sparse), for rows that must be kept or handed on.</summary>
    public virtual SheetRow CurrentRow()
    {
        // One builder reused from row to row: only the row handed out is allocated.
        var builder = _copy;
        builder.Clear();
        var width = _kept is { } kept ? Math.Min(CellCount, kept.Length) : CellCount;
        for (var i = 0; i < width; i++)
        {
            if ((_kept is null || _kept[i]) && this[i] is { Value: not null } cell)
            {
                builder.Add(i, cell);
            }
        }

        return builder.ToRow();
    }

    /// <summary>A new sheet keeps every column again, until its table is known.</summary>
    protected void KeepAllColumns() => _kept = null;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
