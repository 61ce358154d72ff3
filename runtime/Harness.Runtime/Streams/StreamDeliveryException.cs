namespace Harness.Runtime.Streams;

/// <summary>Thrown when a stream item cannot be delivered to a subscriber (e.g. a reactivated grain did not resume its subscription).</summary>
public sealed class StreamDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamDeliveryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StreamDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public StreamDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
