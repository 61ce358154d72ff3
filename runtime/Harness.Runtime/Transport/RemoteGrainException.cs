namespace Harness.Runtime;

/// <summary>
/// An exception thrown by a grain on another silo whose type this process cannot recreate (unknown here, or
/// without a constructor taking a message). Carries the original type name, message and remote stack trace.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RemoteGrainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a remote exception of type <paramref name="remoteType"/>.</summary>
    public RemoteGrainException(string remoteType, string message)
        : base(message)
    {
        RemoteType = remoteType;
    }

    /// <summary>Gets the remote exception's type name.</summary>
    public string? RemoteType { get; }
}
