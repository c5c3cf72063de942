using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace BacNinh.Core.Ingestion.Sheets;

/// <summary>
/// Reads ahead on a thread of its own: the inner reader decompresses and parses the file while
/// the caller validates the rows already read, so a long sheet costs about the slower of the two
/// instead of their sum. Rows cross in batches through a bounded queue, so memory stays at a few
/// batches however long the file is. Errors of the inner reader (a corrupt part, a bad entry) are
/// rethrown to the caller unchanged, at the row where they happened.
/// </summary>
public sealed class ReadAheadSpreadsheetReader : SpreadsheetReader
{
    private const int RowsPerBatch = 512;
    private const int BatchesAhead = 4;

    private readonly SpreadsheetReader _inner;
    private readonly BlockingCollection<Batch> _queue = new(BatchesAhead);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Batch? _pendingSheet;
    private List<(int Number, SheetCell[] Cells)> _rows = [];
    private int _index = -1;
    private SheetCell[] _cells = [];
    private string _sheetName = string.Empty;
    private int _rowNumber;

    public ReadAheadSpreadsheetReader(SpreadsheetReader inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        // A dedicated thread, not the pool: the caller blocks on the queue while this thread fills it.
        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override string SheetName => _sheetName;

    public override int RowNumber => _rowNumber;

    public override int CellCount => _cells.Length;

    public override SheetCell this[int column] => column < _cells.Length ? _cells[column] : SheetCell.Empty;

    public override bool NextSheet()
    {
        // Rows the caller left unread belong to the sheet it is leaving.
        var batch = _pendingSheet ?? Take();
        while (batch is not null && batch.SheetName is null)
        {
            batch = Take();
        }

        _pendingSheet = null;
        (_rows, _index, _cells, _rowNumber) = ([], -1, [], 0);
        if (batch is null)
        {
            return false;
        }

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
        (_rows, _index, _cells) = ([], -1, []);
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
        var rows = new List<(int, SheetCell[])>(RowsPerBatch);
        try
        {
            while (_inner.NextSheet())
            {
                Add(new Batch(_inner.SheetName, [], null));
                while (_inner.ReadRow())
                {
                    rows.Add((_inner.RowNumber, _inner.CurrentRow()));
                    if (rows.Count == RowsPerBatch)
                    {
                        Add(new Batch(null, rows, null));
                        rows = new List<(int, SheetCell[])>(RowsPerBatch);
                    }
                }

                if (rows.Count > 0)
                {
                    Add(new Batch(null, rows, null));
                    rows = new List<(int, SheetCell[])>(RowsPerBatch);
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
    private sealed record Batch(string? SheetName, List<(int Number, SheetCell[] Cells)> Rows, ExceptionDispatchInfo? Error);
}
