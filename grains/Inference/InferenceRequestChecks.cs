using Harness.GrainInterfaces.Inference;

namespace Harness.Grains.Inference;

/// <summary>The checks every backend makes on a request's generation settings before it starts.</summary>
internal static class InferenceRequestChecks
{
    /// <summary>Throws when the token limit, temperature or top-p is out of range.</summary>
    /// <param name="request">The request.</param>
    public static void ValidateSampling(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.MaxTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Temperature);
        if (request.TopP is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.TopP, "TopP must be in (0, 1].");
        }
    }
}
