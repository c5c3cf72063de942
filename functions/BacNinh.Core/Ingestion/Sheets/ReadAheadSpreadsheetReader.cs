using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Reads ahead on a thread of its own: the inner reader decompresses and parses the file while
/// the caller validates the rows already read, so a long sheet costs about the slower of the two
/// instead of their sum. Rows cross in batches through a bounded queue, each batch capped in rows
/// and in bytes, so memory stays at a few batches however long or wide the file is. Errors of the inner reader (a corrupt part, a bad entry) are
/// rethrown to the caller unchanged, at the row where they happened.
/// </summary>
public sealed class ReadAheadSpreadsheetReader : SpreadsheetReader
{
    private const int RowsPerBatch = 512;
    private const int BatchesAhead = 4;

    /// <summary>A batch closes early once its rows hold about this much, so wide rows cannot fill the queue with gigabytes.</summary>
    private const long BytesPerBatch = 4L * 1024 * 1024;

    private readonly SpreadsheetReader _inner;
    private readonly BlockingCollection<Batch> _queue = new(BatchesAhead);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Batch? _pendingSheet;
    private List<(int Number, SheetRow Cells)> _rows = [];
    private int _index = -1;
    private SheetRow _cells = SheetRow.Empty;
    private string _sheetName = string.Empty;
    private int _rowNumber;
    private int _sheetIndex = -1;

    // Columns the caller keeps, for one sheet (its index): set by the caller, applied by the producer.
    private volatile Tuple<int, IReadOnlyCollection<int>>? _keep;

    public ReadAheadSpreadsheetReader(SpreadsheetReader inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        // A dedicated thread, not the pool: the caller blocks on the queue while this thread fills it.
        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override string SheetName => _sheetName;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _cells.Width;

    public override SheetCell this[int column] => _cells[column];

    public override SheetRow CurrentRow() => _cells;

    /// <summary>Handed to the inner reader before its next row of this sheet; rows already read ahead keep their cells.</summary>
    public override void KeepColumns(IReadOnlyCollection<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _keep = Tuple.Create(_sheetIndex, columns);
    }

    public override bool NextSheet()
    {
        // Rows the caller left unread belong to the sheet it is leaving.
        var batch = _pendingSheet ?? Take();
        while (batch is not null && batch.SheetName is null)
        {
            batch = Take();
        }

        _pendingSheet = null;
        (_rows, _index, _cells, _rowNumber) = ([], -1, SheetRow.Empty, 0);
        if (batch is null)
        {
            return false;
        }

        _sheetIndex++;

        _sheetName = batch.SheetName!;
        return true;
    }

    public override bool ReadRow()
    {
        while (++_index >= _rows.Count)
        {
            if (_pendingSheet is not null || Take() is not { } batch)
            {
                return NoMoreRows();
            }

            if (batch.SheetName is not null)
            {
                _pendingSheet = batch;
                return NoMoreRows();
            }

            (_rows, _index) = (batch.Rows, -1);
        }

        (_rowNumber, _cells) = _rows[_index];
        return true;
    }

    private bool NoMoreRows()
    {
        (_rows, _index, _cells) = ([], -1, SheetRow.Empty);
        return false;
    }

    /// <summary>The next batch, or null when the file is over; an error of the inner reader is rethrown here.</summary>
    private Batch? Take()
    {
        if (!_queue.TryTake(out var batch, Timeout.Infinite))
        {
            return null;
        }

        batch.Error?.Throw();
        return batch;
    }

    private void Produce()
    {
        var rows = new List<(int, SheetRow)>(RowsPerBatch);
        long bytes = 0;
        var sheet = -1;
        try
        {
            while (_inner.NextSheet())
            {
                sheet++;
                var kept = false;
                Add(new Batch(_inner.SheetName, [], null));
                while (true)
                {
                    if (!kept && _keep is { } keep && keep.Item1 == sheet)
                    {
                        _inner.KeepColumns(keep.Item2);
                        kept = true;
                    }

                    if (!_inner.ReadRow())
                    {
                        break;
                    }

                    var row = _inner.CurrentRow();
                    rows.Add((_inner.RowNumber, row));
                    bytes += row.EstimatedBytes();
                    if (rows.Count == RowsPerBatch || bytes >= BytesPerBatch)
                    {
                        Add(new Batch(null, rows, null));
                        rows = new List<(int, SheetRow)>(RowsPerBatch);
                        bytes = 0;
                    }
                }

                if (rows.Count > 0)
                {
                    Add(new Batch(null, rows, null));
                    rows = new List<(int, SheetRow)>(RowsPerBatch);
                    bytes = 0;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The caller stopped reading; nothing is waiting for the rest.
        }
#pragma warning disable CA1031 // Every failure of the inner reader is handed to the caller, who classifies it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The rows read before the failure first, as the inner reader would have given them.
            if (rows.Count > 0)
            {
                TryAdd(new Batch(null, rows, null));
            }

            TryAdd(new Batch(null, [], ExceptionDispatchInfo.Capture(ex)));
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private void Add(Batch batch) => _queue.Add(batch, _stop.Token);

    private void TryAdd(Batch batch)
    {
        try
        {
            _queue.Add(batch, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller has gone; the error has no one to reach.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
                // Failures were handed over through the queue.
            }

            _inner.Dispose();
            _queue.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>A sheet's start (its name), a run of its rows, or the inner reader's failure.</summary>
    private sealed record Batch(string? SheetName, List<(int Number, SheetRow Cells)> Rows, ExceptionDispatchInfo? Error);
}
