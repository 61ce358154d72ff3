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
    private bool _disposed;

    public ResponseTimeoutTracker(TimeProvider timeProvider, TimeSpan defaultTimeout, TimeSpan resolution)
    {
        _timeProvider = timeProvider;
        _defaultTimeout = defaultTimeout;
        _timer = timeProvider.CreateTimer(static s => ((ResponseTimeoutTracker)s!).Sweep(), this, resolution, resolution);
    }

    public void Track(Request request)
    {
        var timeout = GetTimeout(request);
        var deadline = Deadlines.After(_timeProvider, timeout);
        var entry = new Entry(request, request.Sequence, deadline, timeout);
        lock (_lock)
        {
            if (!_disposed)
            {
                _pending.Add(entry);
                return;
            }
        }

        if (request.TryAddRef(entry.Sequence))
        {
            request.TryComplete(new SiloUnavailableException("The silo has stopped."), resumeCallerAsynchronously: true);
            request.Release();
        }
    }

    /// <summary>The time a caller waits for <paramref name="request"/>: the remote caller's remainder, the method's own, or the default.</summary>
    public TimeSpan GetTimeout(Request request) => request.TimeoutOverride ?? request.ResponseTimeout ?? _defaultTimeout;

    /// <summary>Stops sweeping and fails every call still waiting: nothing would time them out any more.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        List<Entry> pending;
        lock (_lock)
        {
            _disposed = true;
            pending = _pending;
            _pending = [];
        }

        foreach (var entry in pending)
        {
            if (entry.Request.TryAddRef(entry.Sequence))
            {
                try
                {
                    entry.Request.TryComplete(new SiloUnavailableException("The silo stopped before the call completed."), resumeCallerAsynchronously: true);
                }
                finally
                {
                    entry.Request.Release();
                }
            }
        }
    }

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
            // The caller resumes elsewhere: one slow caller must not hold up every other timeout.
            request.TryComplete(
                new TimeoutException($"Response did not arrive on time: {request.InterfaceName}.{request.MethodName} on grain {request.TargetId} did not complete within {entry.Timeout}."),
                resumeCallerAsynchronously: true);
        }
        finally
        {
            request.Release();
        }
    }

    private readonly record struct Entry(Request Request, uint Sequence, long Deadline, TimeSpan Timeout);
}
