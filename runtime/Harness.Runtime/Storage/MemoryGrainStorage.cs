using System.Collections.Concurrent;
using System.Globalization;

namespace Harness.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and development: nothing survives the process. States are kept
/// serialized, so grains never share object graphs with storage, and the ETag rules are those of the durable
/// providers (per-record version numbers starting at 1; a null ETag writes only when no record exists).
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
            if (_states.TryGetValue(key, out var stored))
            {
                grainState.State = _serializer.Deserialize<T>(stored.Payload, stateName, grainId);
                grainState.ETag = stored.ETag;
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = new T();
                grainState.ETag = null;
                grainState.RecordExists = false;
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
            if (expected is null)
            {
                if (_states.ContainsKey(key))
                {
                    throw Conflict("clear", stateName, grainId, key, expected);
                }
            }
            else if (!_states.TryGetValue(key, out var current)
                || !string.Equals(current.ETag, expected, StringComparison.Ordinal)
                || !_states.TryRemove(KeyValuePair.Create(key, current)))
            {
                throw Conflict("clear", stateName, grainId, key, expected);
            }

            grainState.State = new T();
            grainState.ETag = null;
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
    private sealed class StoredState(byte[] payload, long version)
    {
        public byte[] Payload { get; } = payload;

        public long Version { get; } = version;

        public string ETag { get; } = version.ToString(CultureInfo.InvariantCulture);
    }
}
