using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Messaging;

/// <summary>
/// Fails calls whose response is overdue. Pending calls are appended to a list and a periodic sweep (every
/// <see cref="Configuration.MessagingOptions.ResponseTimeoutResolution"/>) drops the ones that completed and
/// times out the expired ones: no timer or allocation per call, and completion never touches this list.
/// </summary>
internal sealed class ResponseTimeoutTracker : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _defaultTimeout;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private List<Entry> _pending = [];
    private List<Entry> _sweeping = [];
    private int _sweepRunning;

    public ResponseTimeoutTracker(TimeProvider timeProvider, TimeSpan defaultTimeout, TimeSpan resolution)
    {
        _timeProvider = timeProvider;
        _defaultTimeout = defaultTimeout;
        _timer = timeProvider.CreateTimer(static s => ((ResponseTimeoutTracker)s!).Sweep(), this, resolution, resolution);
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Track(Request request)
    {
        var timeout = request.ResponseTimeout ?? _defaultTimeout;
        var deadline = _timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _timeProvider.TimestampFrequency);
        var entry = new Entry(request, request.Sequence, deadline, timeout);
        lock (_lock)
        {
            _pending.Add(entry);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One pass over the pending calls; public so tests can drive it.</summary>
    public void Sweep()
    {
        if (Interlocked.Exchange(ref _sweepRunning, 1) != 0)
        {
            return;
        }

        try
        {
            List<Entry> batch;
            lock (_lock)
            {
                batch = _pending;
                _pending = _sweeping;
            }

            var now = _timeProvider.GetTimestamp();
            var kept = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch[i];
                if (entry.Request.IsCompletedFor(entry.Sequence))
                {
                    continue;
                }

                if (now >= entry.Deadline)
                {
                    Expire(entry);
                    continue;
                }

                batch[kept++] = entry;
            }

            batch.RemoveRange(kept, batch.Count - kept);
            lock (_lock)
            {
                _pending.AddRange(batch);
            }

            batch.Clear();
            _sweeping = batch;
        }
        finally
        {
            Volatile.Write(ref _sweepRunning, 0);
        }
    }

    private static void Expire(in Entry entry)
    {
        var request = entry.Request;
        if (!request.TryAddRef(entry.Sequence))
        {
            return;
        }

        try
        {
            request.TryComplete(new TimeoutException(
                $"Response did not arrive on time: {request.InterfaceName}.{request.MethodName} on grain {request.TargetId} did not complete within {entry.Timeout}."));
        }
        finally
        {
            request.Release();
        }
    }

    private readonly record struct Entry(Request Request, uint Sequence, long Deadline, TimeSpan Timeout);
}
