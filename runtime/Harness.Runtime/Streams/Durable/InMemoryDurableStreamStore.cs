namespace Harness.Runtime.Streams.Durable;

/// <summary>
/// A durable stream store in process memory: events, checkpoints and leases last as long as the instance. Silos in
/// one process (tests) share it by being given the same instance; lease expiry follows the given time provider.
/// </summary>
public sealed class InMemoryDurableStreamStore : IDurableStreamStore
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Provider, StreamId Stream), List<ReadOnlyMemory<byte>>> _streams = [];
    private readonly Dictionary<(string Provider, StreamId Stream, GrainId Consumer), long> _checkpoints = [];
    private readonly Dictionary<(string Provider, int Partition), (string Owner, DateTimeOffset ExpiresAt)> _leases = [];

    /// <summary>Creates an empty store whose leases expire by <paramref name="timeProvider"/> (default: the system clock).</summary>
    public InMemoryDurableStreamStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task<long> AppendAsync(string provider, StreamId streamId, ReadOnlyMemory<byte> payload, IReadOnlyList<GrainId> consumers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(consumers);
        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlyMemory<byte> copy = payload.ToArray();
        lock (_lock)
        {
            if (!_streams.TryGetValue((provider, streamId), out var events))
            {
                _streams[(provider, streamId)] = events = [];
                foreach (var consumer in consumers)
                {
                    _checkpoints.TryAdd((provider, streamId, consumer), 0);
                }
            }

            events.Add(copy);
            return Task.FromResult((long)events.Count);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DurableStreamEvent>> ReadAsync(string provider, StreamId streamId, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_streams.TryGetValue((provider, streamId), out var events) || afterSequence >= events.Count)
            {
                return Task.FromResult<IReadOnlyList<DurableStreamEvent>>([]);
            }

            var count = (int)Math.Min(maxCount, events.Count - afterSequence);
            var result = new DurableStreamEvent[count];
            for (var i = 0; i < count; i++)
            {
                var sequence = afterSequence + i + 1;
                result[i] = new DurableStreamEvent(sequence, events[(int)sequence - 1]);
            }

            return Task.FromResult<IReadOnlyList<DurableStreamEvent>>(result);
        }
    }

    /// <inheritdoc/>
    public Task<long?> GetCheckpointAsync(string provider, StreamId streamId, GrainId consumer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_checkpoints.TryGetValue((provider, streamId, consumer), out var sequence) ? sequence : (long?)null);
        }
    }

    /// <inheritdoc/>
    public Task AdvanceCheckpointAsync(string provider, StreamId streamId, GrainId consumer, long sequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (provider, streamId, consumer);
            if (!_checkpoints.TryGetValue(key, out var stored) || stored < sequence)
            {
                _checkpoints[key] = sequence;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DurableStreamConsumer>> FindLaggingAsync(
        string provider, int partitionCount, IReadOnlyList<int> partitions, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        ArgumentNullException.ThrowIfNull(partitions);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new List<DurableStreamConsumer>();
        lock (_lock)
        {
            foreach (var ((owner, streamId, consumer), sequence) in _checkpoints)
            {
                if (result.Count >= maxCount)
                {
                    break;
                }

                if (string.Equals(owner, provider, StringComparison.Ordinal)
                    && _streams.TryGetValue((provider, streamId), out var events) && events.Count > sequence
                    && partitions.Contains(DurableStreamPartitions.Of(streamId, partitionCount)))
                {
                    result.Add(new DurableStreamConsumer(streamId, consumer));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<DurableStreamConsumer>>(result);
    }

    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_leases.TryGetValue((provider, partition), out var lease)
                && !string.Equals(lease.Owner, owner, StringComparison.Ordinal) && lease.ExpiresAt > now)
            {
                return Task.FromResult(false);
            }

            _leases[(provider, partition)] = (owner, now + duration);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RenewLeaseAsync(string provider, int partition, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_leases.TryGetValue((provider, partition), out var lease) || !string.Equals(lease.Owner, owner, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            _leases[(provider, partition)] = (owner, now + duration);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task ReleaseLeaseAsync(string provider, int partition, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_leases.TryGetValue((provider, partition), out var lease) && string.Equals(lease.Owner, owner, StringComparison.Ordinal))
            {
                _leases.Remove((provider, partition));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Gets the current (unexpired) owner of a partition's lease, or null; for diagnostics and tests.</summary>
    public string? GetLeaseOwner(string provider, int partition)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            return _leases.TryGetValue((provider, partition), out var lease) && lease.ExpiresAt > now ? lease.Owner : null;
        }
    }
}
