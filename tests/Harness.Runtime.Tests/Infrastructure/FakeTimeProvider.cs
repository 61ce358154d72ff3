namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>
/// A time provider tests move by hand: <see cref="Advance"/> fires every timer that falls due, in due order,
/// on the calling thread. (Microsoft.Extensions.TimeProvider.Testing is not available to this project.)
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing due timers one by one at their due times.</summary>
    public void Advance(TimeSpan delta)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due!.Value;
                }

                next.Due = next.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }

            next.Callback(next.State);
        }
    }

    /// <summary>
    /// Advances in steps until <paramref name="signal"/> completes (at most <paramref name="maxSteps"/>): for
    /// work re-armed by a background continuation, which may arm its timer while an advance is under way.
    /// </summary>
    public async Task AdvanceUntilAsync(Task signal, TimeSpan step, int maxSteps = 100)
    {
        for (var i = 0; i < maxSteps && !signal.IsCompleted; i++)
        {
            Advance(step);
            await Task.WhenAny(signal, Task.Delay(10));
        }

        await signal;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;

        public object? State => state;

        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this))
                {
                    owner._timers.Add(this);
                }

                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                if (dueTime != TimeSpan.Zero)
                {
                    return true;
                }

                // Like a real timer, a zero due time fires at once (on another thread, never inside Change).
                Due = Period is { } p && p > TimeSpan.Zero ? owner._now + p : null;
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
