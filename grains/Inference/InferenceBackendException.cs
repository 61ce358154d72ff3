namespace Harness.Grains.Inference;

/// <summary>
/// A remote inference backend refused a request or could not be reached; the message names the endpoint, the HTTP
/// status where there was one, and the server's own error message or the last cause of the failed attempts.
/// </summary>
public sealed class InferenceBackendException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InferenceBackendException"/> class.</summary>
    public InferenceBackendException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InferenceBackendException"/> class.</summary>
    /// <param name="message">What failed, and why.</param>
    public InferenceBackendException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InferenceBackendException"/> class.</summary>
    /// <param name="message">What failed, and why.</param>
    /// <param name="innerException">The cause.</param>
    public InferenceBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InferenceBackendException"/> class.</summary>
    /// <param name="message">What failed, and why.</param>
    /// <param name="endpoint">The endpoint that failed.</param>
    /// <param name="statusCode">The HTTP status of the last answer, or null when none came.</param>
    /// <param name="attempts">The number of requests made.</param>
    /// <param name="innerException">The last cause, or null.</param>
    public InferenceBackendException(string message, Uri endpoint, int? statusCode, int attempts, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    /// <summary>Gets the endpoint that failed, or null when not known.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Gets the HTTP status of the last answer, or null when none came (connection failure, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the number of requests made before giving up (0 when not known).</summary>
    public int Attempts { get; }
}
