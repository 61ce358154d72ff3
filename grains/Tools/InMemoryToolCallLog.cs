using System.Collections.Concurrent;

namespace Harness.Grains.Tools;

/// <summary>
/// An <see cref="IToolCallLog"/> held in process memory: it survives retries within a silo, not a silo crash.
/// The durable log (a grain over PostgreSQL storage) replaces it for crash safety.
/// </summary>
public sealed class InMemoryToolCallLog : IToolCallLog
{
    private readonly ConcurrentDictionary<string, ToolCallRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Gets the number of recorded calls.</summary>
    public int Count => _records.Count;

    /// <inheritdoc />
    public ValueTask<ToolCallRecord?> FindAsync(ToolCallKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_records.TryGetValue(key.Value, out var record) ? record : null);
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(ToolCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        _records.TryAdd(record.Key.Value, record);
        return ValueTask.CompletedTask;
    }
}
