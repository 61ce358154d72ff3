namespace Harness.Runtime.Storage;

/// <summary>
/// Implemented by grain state objects that let a storage provider keep a handle to the stored record (a row
/// id, say) for the life of the activation, so later writes skip the key lookup. Providers must work without it.
/// </summary>
public interface IStorageHandleHolder
{
    /// <summary>Gets or sets the provider's handle; null until the provider sets one.</summary>
    object? StorageHandle { get; set; }
}
