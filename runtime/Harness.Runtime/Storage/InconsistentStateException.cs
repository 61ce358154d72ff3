namespace Harness.Runtime.Storage;

/// <summary>
/// Thrown when a grain writes or clears state with an ETag that no longer matches storage: another writer
/// (a newer activation, another silo) moved the record on. The stored record is left as it was.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception with both ETags.</summary>
    public InconsistentStateException(string message, string? storedETag, string? currentETag)
        : base($"{message} (stored ETag: {storedETag ?? "none"}, writer's ETag: {currentETag ?? "none"})")
    {
        StoredETag = storedETag;
        CurrentETag = currentETag;
    }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the ETag found in storage (null: no record).</summary>
    public string? StoredETag { get; }

    /// <summary>Gets the ETag the writer held.</summary>
    public string? CurrentETag { get; }
}
