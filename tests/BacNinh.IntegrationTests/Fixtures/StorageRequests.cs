using System.Collections.Concurrent;
using System.Diagnostics;

namespace BacNinh.IntegrationTests.Fixtures;

/// <summary>
/// Records the storage requests (method and URL) the in-process local host makes while serving
/// requests of one trace: the test sends its own <c>traceparent</c>, ASP.NET Core continues that
/// trace, and the Azure SDK's request activities of the same trace id are kept. Other classes'
/// requests and the host's timers run in other traces, so they never count.
/// </summary>
public sealed class StorageRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityTraceId _trace = ActivityTraceId.CreateRandom();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public StorageRequests() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>The value of the <c>traceparent</c> header that puts a request in this trace.</summary>
    public string TraceParent => $"00-{_trace}-{ActivitySpanId.CreateRandom()}-01";

    /// <summary>"GET http://…/account/container?comp=list…", in the order sent.</summary>
    public IReadOnlyList<string> Sent => [.. _requests];

    public void OnNext(DiagnosticListener value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Name is "Azure.Core" or "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "Azure.Core.Http.Request.Stop" && Activity.Current is { } activity && activity.TraceId == _trace)
        {
            _requests.Enqueue($"{activity.GetTagItem("http.method")} {activity.GetTagItem("http.url")}");
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
