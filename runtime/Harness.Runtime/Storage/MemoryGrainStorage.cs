using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and development: nothing survives the process. States are kept
/// serialized, so grains never share object graphs with storage, and the ETag rules are those of the durable
/// providers: per-key version numbers starting at 1; a clear keeps a tombstone with the next version, so a key's
/// ETags never repeat; a null ETag writes only when neither a record nor a tombstone exists.
/// </summary>
internal sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<StateKey, StoredState> _states = new();
    private readonly GrainStateSerializer _serializer;

    public MemoryGrainStorage(GrainStateSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        _serializer = serializer;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var key = CreateKey(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            if (!_states.TryGetValue(key, out var stored))
            {
                grainState.State = new T();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
            else if (stored.Payload is null)
            {
                // A tombstone: no state, but its ETag is what the next write must present.
                grainState.State = new T();
                grainState.ETag = stored.ETag;
                grainState.RecordExists = false;
            }
            else
            {
                grainState.State = _serializer.Deserialize<T>(stored.Payload, stateName, grainId);
                grainState.ETag = stored.ETag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var key = CreateKey(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var payload = _serializer.SerializeToArray(grainState.State);
            var expected = grainState.ETag;
            StoredState written;
            if (expected is null)
            {
                // Fails over a tombstone too: its ETag must be presented, so versions never restart.
                written = new StoredState(payload, 1);
                if (!_states.TryAdd(key, written))
                {
                    throw Conflict("write", stateName, grainId, key, expected);
                }
            }
            else
            {
                if (!_states.TryGetValue(key, out var current) || !string.Equals(current.ETag, expected, StringComparison.Ordinal))
                {
                    throw Conflict("write", stateName, grainId, key, expected);
                }

                // Updates a record or revives a tombstone alike.
                written = new StoredState(payload, current.Version + 1);

                // Compare-and-swap on the entry instance: a concurrent writer holding the same ETag loses here.
                if (!_states.TryUpdate(key, written, current))
                {
                    throw Conflict("write", stateName, grainId, key, expected);
                }
            }

            grainState.ETag = written.ETag;
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var key = CreateKey(stateName, grainId, grainState);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var expected = grainState.ETag;
            string? cleared = null;
            if (expected is null)
            {
                // Nothing stored, nothing to clear; a record or tombstone the writer does not know of is a conflict.
                if (_states.ContainsKey(key))
                {
                    throw Conflict("clear", stateName, grainId, key, expected);
                }
            }
            else
            {
                if (!_states.TryGetValue(key, out var current) || !string.Equals(current.ETag, expected, StringComparison.Ordinal))
                {
                    throw Conflict("clear", stateName, grainId, key, expected);
                }

                // A tombstone, not a removal: the key's next version continues from this one.
                var tombstone = new StoredState(null, current.Version + 1);
                if (!_states.TryUpdate(key, tombstone, current))
                {
                    throw Conflict("clear", stateName, grainId, key, expected);
                }

                cleared = tombstone.ETag;
            }

            grainState.State = new T();
            grainState.ETag = cleared;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private static StateKey CreateKey<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id must not be the default id.", nameof(grainId));
        }

        return new StateKey(grainId.Type, grainId.Key, stateName);
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, StateKey key, string? expected)
    {
        var stored = _states.TryGetValue(key, out var current) ? current.ETag : null;
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of grain '{grainId}': the stored version differs from the writer's",
            stored,
            expected);
    }

    private readonly record struct StateKey(string GrainType, string GrainKey, string StateName);

    // Immutable, compared by reference: the compare-and-swap above relies on a new instance per version.
    // A null payload is a tombstone left by a clear.
    private sealed class StoredState(byte[]? payload, long version)
    {
        public byte[]? Payload { get; } = payload;

        public long Version { get; } = version;

        public string ETag { get; } = version.ToString(CultureInfo.InvariantCulture);
    }
}
