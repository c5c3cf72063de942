namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Stops reading once a file has taken longer than its time budget, checked between rows: the
/// breach is a <see cref="SpreadsheetReadException"/> (a file problem, never retried). The clock is
/// read at each sheet and every <see cref="RowsPerCheck"/> rows: reading it costs about as much as
/// checking a dossier row, and a row is bounded by the size limits, so the budget is still kept to within a few rows.
/// </summary>
public sealed class TimeBoxedSpreadsheetReader : SpreadsheetReader
{
    private readonly SpreadsheetReader _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;
    private readonly long _started;
    private int _rowsUnchecked;

    private const int RowsPerCheck = 64;

    /// <param name="started">When the file's processing began (<see cref="TimeProvider.GetTimestamp"/>); default now.</param>
    public TimeBoxedSpreadsheetReader(SpreadsheetReader inner, TimeProvider time, TimeSpan budget, long? started = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _budget = budget;
        _started = started ?? time.GetTimestamp();
    }

    public override string SheetName => _inner.SheetName;

    public override int RowNumber => _inner.RowNumber;

    public override int CellCount => _inner.CellCount;

    public override SheetCell this[int column] => _inner[column];

    public override bool TryGetText(int column, out ReadOnlySpan<char> text) => _inner.TryGetText(column, out text);

    public override SpreadsheetReader CellSource => _inner.CellSource;

    public override SheetRow CurrentRow() => _inner.CurrentRow();

    public override void KeepColumns(IReadOnlyCollection<int> columns) => _inner.KeepColumns(columns);

    public override bool NextSheet()
    {
        Check();
        return _inner.NextSheet();
    }

    public override bool ReadRow()
    {
        if (++_rowsUnchecked >= RowsPerCheck)
        {
            _rowsUnchecked = 0;
            Check();
        }

        return _inner.ReadRow();
    }

    private void Check()
    {
        if (_time.GetElapsedTime(_started) > _budget)
        {
            throw ReadFailures.OutOfTime(_budget, _inner.SheetName, _inner.RowNumber == 0 ? null : _inner.RowNumber);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
    }
}
