namespace Harness.Client;

/// <summary>Thrown when a silo's answer is not what the API promises.</summary>
public sealed class HarnessClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HarnessClientException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HarnessClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public HarnessClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
