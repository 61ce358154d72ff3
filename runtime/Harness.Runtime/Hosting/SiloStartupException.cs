namespace Harness.Runtime.Hosting;

/// <summary>Thrown when a silo cannot start; the message lists every problem found (settings, storage, grain classes).</summary>
public sealed class SiloStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloStartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SiloStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SiloStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
