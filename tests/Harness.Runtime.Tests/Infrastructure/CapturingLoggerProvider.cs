using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Tests.Infrastructure;

/// <summary>Keeps every log entry at or above <see cref="LogLevel.Information"/>; tests wait for one by event id.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Entry>> _waiters = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Completes with the first entry with <paramref name="eventId"/> (already logged or to come).</summary>
    public Task<Entry> WhenLogged(int eventId) => Waiter(eventId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private TaskCompletionSource<Entry> Waiter(int eventId) =>
        _waiters.GetOrAdd(eventId, _ => new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Add(Entry entry)
    {
        _entries.Enqueue(entry);
        Waiter(entry.EventId).TrySetResult(entry);
    }

    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(new Entry(category, logLevel, eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}
