namespace Harness.Client.Api;

/// <summary>The harness API could not be reached (no connection, or the connection failed before an answer).</summary>
public sealed class HarnessApiUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HarnessApiUnreachableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HarnessApiUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public HarnessApiUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an API at <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The API's base address.</param>
    /// <param name="innerException">Why the connection failed.</param>
    public HarnessApiUnreachableException(Uri? baseAddress, Exception innerException)
        : base($"The harness API at {baseAddress?.ToString() ?? "(no base address)"} could not be reached: {innerException.Message}", innerException)
    {
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the API's base address, when known.</summary>
    public Uri? BaseAddress { get; }
}
