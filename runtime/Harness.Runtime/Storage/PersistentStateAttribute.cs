namespace Harness.Runtime.Storage;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime binds it to
/// the named state of this grain in the named storage provider and reads it before <c>OnActivateAsync</c>.
/// </summary>
/// <param name="stateName">The state's name within the grain (a grain may hold several).</param>
/// <param name="storageName">The storage provider; null for the provider registered as default.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>Gets the state name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>Gets the storage provider name.</summary>
    public string? StorageName { get; } = storageName;
}
