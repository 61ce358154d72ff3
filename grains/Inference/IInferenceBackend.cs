using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference;

/// <summary>A source of streamed text generation (deterministic, CPU transformer, OpenAI-compatible, ...).</summary>
public interface IInferenceBackend
{
    /// <summary>Gets the backend's name, e.g. <c>deterministic</c>.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether the backend accepts requests with an image.</summary>
    bool SupportsVision { get; }

    /// <summary>Returns whether this backend can serve <paramref name="model"/>.</summary>
    /// <param name="model">The model name.</param>
    /// <returns>True when it can.</returns>
    bool SupportsModel(string model);

    /// <summary>Counts the tokens of <paramref name="text"/> as this backend's tokenizer does.</summary>
    /// <param name="text">The text, e.g. a prompt.</param>
    /// <returns>The token count.</returns>
    int CountTokens(string text);

    /// <summary>
    /// Streams the tokens generated after <see cref="InferenceRequest.ResumeFrom"/>. The last token of a stream that
    /// ends normally carries its <see cref="InferenceToken.FinishReason"/>. Cancellation makes the stream throw
    /// <see cref="OperationCanceledException"/>; <see cref="InferenceBackendExtensions.RunAsync"/> turns that into a
    /// <see cref="InferenceFinishReason.Cancelled"/> result. Unsupported requests (unknown model, an image without
    /// vision support) throw <see cref="NotSupportedException"/> at the call, before any enumeration.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The token stream.</returns>
    IAsyncEnumerable<InferenceToken> GenerateAsync(InferenceRequest request, CancellationToken cancellationToken);
}
