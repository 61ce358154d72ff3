using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Harness.Bench;

/// <summary>
/// A logger provider that listens only to the device grain's debug and information events and keeps, per lease, the
/// <see cref="Stopwatch"/> time at which the grain logged "preempting" (just before it publishes the signal) and
/// "released" (once the lease is out of its list): signal to release, measured inside the device grain.
/// </summary>
internal sealed class DeviceLeaseLogProbe : ILoggerProvider, ILogger
{
    /// <summary>The device grain's logger category.</summary>
    public const string Category = "Harness.Grains.Devices.DeviceGrain";

    private const int PreemptingEventId = 1414;
    private const int ReleasedEventId = 1412;

    private readonly ConcurrentDictionary<string, long> _preempting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _released = new(StringComparer.Ordinal);

    /// <summary>Milliseconds from the signal to the release of <paramref name="leaseId"/>; null when either is missing.</summary>
    public double? SignalToReleaseMs(string leaseId) =>
        _preempting.TryGetValue(leaseId, out var signalled) && _released.TryGetValue(leaseId, out var released)
            ? Stopwatch.GetElapsedTime(signalled, released).TotalMilliseconds
            : null;

    /// <summary>Whether a preemption of <paramref name="leaseId"/> was logged.</summary>
    public bool WasPreempted(string leaseId) => _preempting.ContainsKey(leaseId);

    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, Category, StringComparison.Ordinal) ? this : NullLoggerInstance.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var now = Stopwatch.GetTimestamp();
        var target = eventId.Id switch
        {
            PreemptingEventId => _preempting,
            ReleasedEventId => _released,
            _ => null,
        };
        if (target is null || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            if (key == "LeaseId" && value is string leaseId)
            {
                target.TryAdd(leaseId, now);
                return;
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class NullLoggerInstance : ILogger
    {
        public static readonly NullLoggerInstance Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
