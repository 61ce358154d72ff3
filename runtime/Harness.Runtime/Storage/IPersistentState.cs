namespace Harness.Runtime.Storage;

/// <summary>
/// A grain's persisted state: the checkpoint it resumes from after deactivation or a silo's loss.
/// Writes use optimistic concurrency: a writer whose <see cref="ETag"/> is stale gets an
/// <see cref="InconsistentStateException"/> and the stored state is left untouched.
/// </summary>
/// <typeparam name="TState">The state type (serialized as JSON).</typeparam>
public interface IPersistentState<TState>
    where TState : new()
{
    /// <summary>Gets or sets the in-memory state.</summary>
    TState State { get; set; }

    /// <summary>Gets the version of the stored state (or of the clear) this instance last read or wrote; null if nothing is stored.</summary>
    string? ETag { get; }

    /// <summary>Gets a value indicating whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state; fails with <see cref="InconsistentStateException"/> if storage moved on since the last read or write.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the stored state (keeping a tombstone, so its ETags never repeat) and resets <see cref="State"/> to a new instance;
    /// fails with <see cref="InconsistentStateException"/> if storage moved on.
    /// </summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
