using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Azure.Data.Tables;

namespace BacNinh.Storage;

/// <summary>
/// Writes actions handed over one at a time, in entity-group transactions, in bounded memory:
/// a buffer of at most 100 actions per partition, the fullest buffer sent once
/// <see cref="MaxBuffered"/> actions wait, a short queue of full transactions and a few in flight.
/// <see cref="Add"/> is synchronous (a parser's sink) and waits when storage is slower than the
/// reader; <see cref="TableBatchWriter.SubmitAsync"/> instead groups a whole collection at once.
/// A failed transaction stops the writer: the next <see cref="Add"/> or <see cref="CompleteAsync"/> throws it.
/// </summary>
public sealed class StreamingTableWriter : IAsyncDisposable
{
    /// <summary>Actions waiting in partition buffers before the fullest is sent early (many months × buckets).</summary>
    public const int MaxBuffered = 20_000;

    private readonly TableClient _table;
    private readonly Func<CancellationToken, Task>? _beforeSubmit;
    private readonly bool _ignoreMissing;
    private readonly Dictionary<string, Buffer> _buffers = new(StringComparer.Ordinal);
    private readonly Channel<List<TableTransactionAction>> _full;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _senders;
    private ExceptionDispatchInfo? _failure;
    private int _buffered;
    private bool _completed;

    /// <param name="table">Where the actions go.</param>
    /// <param name="beforeSubmit">Awaited before each transaction is sent (e.g. marking what the rows will change).</param>
    /// <param name="ignoreMissing">A transaction failing on a row already gone (404: deletes that raced another run) is dropped, not an error.</param>
    /// <param name="concurrency">Transactions in flight at once.</param>
    /// <param name="cancellationToken">Stops the writer.</param>
    public StreamingTableWriter(TableClient table, Func<CancellationToken, Task>? beforeSubmit = null, bool ignoreMissing = false,
        int concurrency = 8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _table = table;
        _beforeSubmit = beforeSubmit;
        _ignoreMissing = ignoreMissing;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _full = Channel.CreateBounded<List<TableTransactionAction>>(new BoundedChannelOptions(concurrency * 2) { SingleReader = false, SingleWriter = true });
        _senders = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(SendAsync))];
    }

    /// <summary>Actions handed over so far.</summary>
    public long Count { get; private set; }

    /// <summary>Queues one action; blocks while the transactions queue is full.</summary>
    public void Add(TableTransactionAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ThrowIfFailed();
        var key = action.Entity.PartitionKey;
        if (!_buffers.TryGetValue(key, out var buffer))
        {
            _buffers[key] = buffer = new Buffer();
        }

        var size = TableBatchWriter.EstimateBytes(action.Entity);
        if (buffer.Actions.Count > 0 && buffer.Bytes + size > TableBatchWriter.MaxPayloadBytes)
        {
            Send(key, buffer);
        }

        buffer.Actions.Add(action);
        buffer.Bytes += size;
        _buffered++;
        Count++;
        if (buffer.Actions.Count == TableBatchWriter.MaxActions)
        {
            Send(key, buffer);
        }
        else if (_buffered > MaxBuffered)
        {
            // Rows spread over very many partitions: the fullest goes now, so memory stays bounded.
            var fullest = _buffers.MaxBy(b => b.Value.Actions.Count);
            Send(fullest.Key, fullest.Value);
        }
    }

    /// <summary>Sends what is still buffered and waits for every transaction; throws the first failure.</summary>
    public async Task CompleteAsync()
    {
        try
        {
            if (!_completed)
            {
                _completed = true;
                foreach (var (key, buffer) in _buffers.ToList())
                {
                    await _full.Writer.WriteAsync(Take(key, buffer), _stop.Token).ConfigureAwait(false);
                }

                _full.Writer.TryComplete();
            }

            await Task.WhenAll(_senders).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            // The senders stopped because one failed: that failure is the one to report.
        }

        ThrowIfFailed();
    }

    public async ValueTask DisposeAsync()
    {
        _full.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_senders).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned part-way (a failure already reported, or shutdown): nothing more to say.
        }

        _stop.Dispose();
    }

    private void Send(string key, Buffer buffer)
    {
        var batch = Take(key, buffer);
        if (!_full.Writer.TryWrite(batch))
        {
            try
            {
                // The reader is faster than storage: wait here, so rows do not pile up in memory.
                _full.Writer.WriteAsync(batch, _stop.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_failure is not null)
            {
                ThrowIfFailed();
            }
        }
    }

    private List<TableTransactionAction> Take(string key, Buffer buffer)
    {
        var batch = buffer.Actions;
        _buffered -= batch.Count;
        _buffers.Remove(key);
        return batch;
    }

    private async Task SendAsync()
    {
        try
        {
            await foreach (var batch in _full.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (_beforeSubmit is not null)
                {
                    await _beforeSubmit(_stop.Token).ConfigureAwait(false);
                }

                try
                {
                    await _table.SubmitTransactionAsync(batch, _stop.Token).ConfigureAwait(false);
                }
                catch (TableTransactionFailedException ex) when (_ignoreMissing && ex.Status == 404)
                {
                    // Another run deleted one of these rows first; what is left goes next time.
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            await _stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private void ThrowIfFailed() => Volatile.Read(ref _failure)?.Throw();

    private sealed class Buffer
    {
        public List<TableTransactionAction> Actions { get; } = new(TableBatchWriter.MaxActions);

        public int Bytes { get; set; }
    }
}
