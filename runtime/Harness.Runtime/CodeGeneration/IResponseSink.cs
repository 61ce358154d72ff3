namespace Harness.Runtime.CodeGeneration;

/// <summary>
/// Receives a request's outcome instead of the awaiting caller: the outgoing filter pipeline (which completes
/// the caller after its filters ran) and a network connection (which sends the response to the remote caller).
/// </summary>
internal interface IResponseSink
{
    /// <summary>Takes the outcome; the result, if any, is in the request.</summary>
    void OnResponse(Request request, Exception? exception);
}
