namespace Harness.Runtime.Storage;

/// <summary>
/// A grain storage provider: reads, writes and clears named grain states with ETag optimistic concurrency.
/// Registered under a name (<see cref="GrainStorageNames"/>); grains pick one with <see cref="PersistentStateAttribute"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Loads the state into <paramref name="grainState"/>; a missing record leaves a new state, a null ETag and <c>RecordExists</c> false.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>
    /// Stores the state if the stored ETag equals <paramref name="grainState"/>'s (null: no record may exist),
    /// then sets the new ETag; otherwise throws <see cref="InconsistentStateException"/> and stores nothing.
    /// </summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();

    /// <summary>Deletes the record under the same ETag rule as a write.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new();
}
