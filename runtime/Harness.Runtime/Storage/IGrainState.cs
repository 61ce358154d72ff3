namespace Harness.Runtime.Storage;

/// <summary>The state, its ETag and whether a record exists: what a storage provider reads into and writes from.</summary>
/// <typeparam name="T">The state type.</typeparam>
public interface IGrainState<T>
{
    /// <summary>Gets or sets the state.</summary>
    T State { get; set; }

    /// <summary>Gets or sets the ETag of the stored record or of the tombstone a clear left; null when nothing is stored.</summary>
    string? ETag { get; set; }

    /// <summary>Gets or sets a value indicating whether a record exists in storage.</summary>
    bool RecordExists { get; set; }
}
