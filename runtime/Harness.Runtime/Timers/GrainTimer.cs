using Harness.Runtime.Activation;

namespace Harness.Runtime.Timers;

/// <summary>
/// A timer whose ticks are requests of its activation: a tick waits its turn like any call (or interleaves,
/// if asked), and the next tick is armed only when the previous callback has finished, so ticks never overlap.
/// </summary>
internal abstract class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopped = new();
    private ITimer? _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _ticking;
    private bool _changedWhileTicking;
    private bool _disposed;

    protected GrainTimer(ActivationData activation, GrainTimerCreationOptions options)
    {
        ValidateTime(options.DueTime, nameof(options.DueTime));
        ValidateTime(options.Period, nameof(options.Period));
        _activation = activation;
        Options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
    }

    public GrainTimerCreationOptions Options { get; }

    protected CancellationToken StoppedToken => _stopped.Token;

    public void Start()
    {
        lock (_lock)
        {
            _timer = _activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).Fire(), this, _dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateTime(dueTime, nameof(dueTime));
        ValidateTime(period, nameof(period));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _dueTime = dueTime;
            _period = period;
            if (_ticking)
            {
                _changedWhileTicking = true;
            }
            else
            {
                _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _activation.RemoveTimer(this);
    }

    /// <summary>Stops ticking and cancels a running callback's token.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
        }

        // Cancelled, not disposed: a callback still running may read the token. (A token source without a
        // timeout holds nothing that needs disposing.)
        _stopped.Cancel();
    }

    /// <summary>Runs the user callback; called as a turn by <see cref="TimerTickRequest"/>.</summary>
    public abstract Task InvokeCallbackAsync();

    public void OnTickCompleted()
    {
        lock (_lock)
        {
            _ticking = false;
            if (_disposed)
            {
                return;
            }

            var next = _changedWhileTicking ? _dueTime : _period;
            _changedWhileTicking = false;
            if (next != Timeout.InfiniteTimeSpan)
            {
                _timer?.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static void ValidateTime(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer's due time and period must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _ticking = true;
        }

        var request = new TimerTickRequest(this);
        if (!_activation.TryEnqueue(request))
        {
            // The activation is gone; its timers go with it.
            Stop();
            request.Release();
        }

        request.Release();
    }
}
