namespace Harness.GrainInterfaces.Inference;

/// <summary>One streamed token.</summary>
/// <param name="Index">The token's position in the whole generation (resumed tokens count).</param>
/// <param name="Text">The token's text piece; empty when a stop sequence begins at this token.</param>
/// <param name="FinishReason">Set on the last token of a stream that ended normally; null otherwise.</param>
/// <param name="Id">The token's id in the backend's vocabulary, or null when the backend does not report ids.</param>
public readonly record struct InferenceToken(int Index, string Text, InferenceFinishReason? FinishReason = null, int? Id = null);
