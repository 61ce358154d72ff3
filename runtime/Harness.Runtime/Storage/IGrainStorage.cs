namespace Harness.Runtime.Storage;

/// <summary>
/// A grain storage provider: reads, writes and clears named grain states with ETag optimistic concurrency.
/// Registered under a name (<see cref="GrainStorageNames"/>); grains pick one with <see cref="PersistentStateAttribute"/>.
/// A key's ETags never repeat: a clear leaves a tombstone that carries the next ETag, so an ETag from before a
/// clear can never match again.
/// </summary>
public interface IGrainStorage
{
    /// <summary>
    /// Loads the state into <paramref name="grainState"/>. A tombstone gives a new state, the tombstone's ETag and
    /// <c>RecordExists</c> false; nothing stored gives a new state, a null ETag and <c>RecordExists</c> false.
    /// </summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>
    /// Stores the state if the stored ETag (of a record or a tombstone, which it revives) equals
    /// <paramref name="grainState"/>'s (null: neither may exist), then sets the new ETag; otherwise throws
    /// <see cref="InconsistentStateException"/> carrying the stored ETag and stores nothing.
    /// </summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>
    /// Replaces the record with a tombstone under the same ETag rule as a write, then sets a new state, the
    /// tombstone's ETag (so the same state can be written again without a read) and <c>RecordExists</c> false.
    /// With a null ETag and nothing stored it stores nothing and leaves the ETag null.
    /// </summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();
}
