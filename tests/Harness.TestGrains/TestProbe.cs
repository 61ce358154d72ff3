using System.Collections.Concurrent;

namespace Harness.TestGrains;

/// <summary>
/// Shared with the test through DI: gates grains wait on, an event log grains write to, and signals the test
/// awaits. Lets tests control interleavings with explicit barriers instead of sleeps.
/// </summary>
public sealed class TestProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<object?>> _signals = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public IReadOnlyList<string> Log => [.. _log];

    public void Record(string entry) => _log.Enqueue(entry);

    public Task Gate(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Open(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Signal(string name, object? value = null) => SignalSource(name).TrySetResult(value);

    public Task<object?> WhenSignaled(string name) => SignalSource(name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, (_, v) => v + 1);

    public int Count(string counter) => _counters.TryGetValue(counter, out var v) ? v : 0;

    private TaskCompletionSource<object?> SignalSource(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));
}
