using System.ComponentModel;

namespace Harness.Runtime.CodeGeneration;

/// <summary>What generated grain factories construct a grain from: services and persistent state.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainActivationContext
{
    /// <summary>Gets the grain being activated.</summary>
    GrainId GrainId { get; }

    /// <summary>Resolves a constructor dependency.</summary>
    T GetRequiredService<T>()
        where T : notnull;

    /// <summary>Creates the state bound to a constructor parameter marked <see cref="Storage.PersistentStateAttribute"/>.</summary>
    Storage.IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new();
}
