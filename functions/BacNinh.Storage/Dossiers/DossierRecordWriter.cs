using Azure.Data.Tables;
using BacNinh.Core.Ingestion.Dossiers;
using BacNinh.Core.Periods;

namespace BacNinh.Storage.Dossiers;

/// <summary>
/// Stores the dossiers of one upload as a parser hands them over (<see cref="Add"/> is its sink), in
/// bounded memory whatever the row count. Before the first row of a month is sent, every month it
/// may change is announced (received, and resolved for <c>ON_TIME</c>), so the caller can mark
/// them pending first. A retry of the same upload writes the same keys.
/// </summary>
public sealed class DossierRecordWriter : IAsyncDisposable
{
    private readonly DossierRecordStore _store;
    private readonly string _inverseOrder;
    private readonly Func<IReadOnlyCollection<Period>, CancellationToken, Task> _announce;
    private readonly CancellationToken _cancellationToken;
    private readonly StreamingTableWriter _rows;
    private readonly HashSet<Period> _received = [];
    private readonly HashSet<Period> _months = [];
    private readonly List<Period> _unannounced = [];
    private readonly SemaphoreSlim _announcing = new(1, 1);
    private readonly Lock _gate = new();
    private int _added;
    private int _announced;

    internal DossierRecordWriter(DossierRecordStore store, TableClient table, string inverseOrder,
        Func<IReadOnlyCollection<Period>, CancellationToken, Task> announce, CancellationToken cancellationToken)
    {
        _store = store;
        _inverseOrder = inverseOrder;
        _announce = announce;
        _cancellationToken = cancellationToken;
        _rows = new StreamingTableWriter(table, AnnounceAsync, cancellationToken: cancellationToken);
    }

    /// <summary>Months of receipt of the dossiers written.</summary>
    public IReadOnlyCollection<Period> ReceivedPeriods => _received;

    /// <summary>Every month the dossiers written may change: received and resolved.</summary>
    public IReadOnlyCollection<Period> Periods => _months;

    public long Count => _rows.Count;

    public bool AnyChannel { get; private set; }

    public bool AnyDigitized { get; private set; }

    public bool AnyOnTime { get; private set; }

    public void Add(DossierRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Announce(record.ReceivedPeriod, received: true);
        if (record.ResolvedPeriod is { } resolved)
        {
            Announce(resolved, received: false);
        }

        AnyChannel |= record.Channel != DossierChannel.NotGiven;
        AnyDigitized |= record.Digitized is not null;
        AnyOnTime |= record.OnTime is not null;
        _rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, DossierRecordEntities.ToEntity(record, _inverseOrder)));
    }

    /// <summary>Sends the rows still buffered, then says the months received changed (recounts started earlier run again).</summary>
    public async Task CompleteAsync()
    {
        await _rows.CompleteAsync().ConfigureAwait(false);
        await AnnounceAsync(_cancellationToken).ConfigureAwait(false);
        foreach (var period in _received)
        {
            await _store.MarkChangedAsync(period, _cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _rows.DisposeAsync().ConfigureAwait(false);
        _announcing.Dispose();
    }

    private void Announce(Period period, bool received)
    {
        if (received)
        {
            _received.Add(period);
        }

        if (_months.Add(period))
        {
            lock (_gate)
            {
                _unannounced.Add(period);
                _added++;
            }
        }
    }

    /// <summary>Before each transaction: the months added so far are announced, once, before any row of them is sent.</summary>
    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _announced) == Volatile.Read(ref _added))
        {
            return;
        }

        await _announcing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Period[] months;
            int upTo;
            lock (_gate)
            {
                months = [.. _unannounced];
                _unannounced.Clear();
                upTo = _added;
            }

            if (months.Length > 0)
            {
                try
                {
                    await _announce(months, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Not announced after all: the next transaction tries again.
                    lock (_gate)
                    {
                        _unannounced.AddRange(months);
                    }

                    throw;
                }
            }

            Volatile.Write(ref _announced, Math.Max(Volatile.Read(ref _announced), upTo));
        }
        finally
        {
            _announcing.Release();
        }
    }
}
