namespace Harness.GrainInterfaces.Inference;

/// <summary>The outcome of one generation, with its latency figures.</summary>
public sealed record InferenceResult
{
    /// <summary>Gets the backend that produced it.</summary>
    public required string Backend { get; init; }

    /// <summary>Gets the model that produced it.</summary>
    public required string Model { get; init; }

    /// <summary>Gets every token piece, resumed ones first; pass as <see cref="InferenceRequest.ResumeFrom"/> to continue.</summary>
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>
    /// Gets the token ids of <see cref="Tokens"/>, one per piece, when the backend reports ids; empty otherwise. Pass as
    /// <see cref="InferenceRequest.ResumeTokenIds"/> with the pieces to continue exactly.
    /// </summary>
    public IReadOnlyList<int> TokenIds { get; init; } = [];

    /// <summary>Gets the full text (resumed prefix included).</summary>
    public string Text => string.Concat(Tokens);

    /// <summary>Gets the total token count, resumed tokens included.</summary>
    public int TokenCount => Tokens.Count;

    /// <summary>Gets the number of tokens taken from <see cref="InferenceRequest.ResumeFrom"/>.</summary>
    public int ResumedTokenCount { get; init; }

    /// <summary>Gets the number of tokens this run generated.</summary>
    public int GeneratedTokenCount => Tokens.Count - ResumedTokenCount;

    /// <summary>Gets the number of prompt tokens, as the backend counts them.</summary>
    public int PromptTokenCount { get; init; }

    /// <summary>Gets why the generation ended.</summary>
    public required InferenceFinishReason FinishReason { get; init; }

    /// <summary>Gets the time to the first generated token, or null when none was generated.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    /// <summary>Gets the mean time between consecutive tokens, or null with fewer than two tokens.</summary>
    public TimeSpan? MeanTimeBetweenTokens { get; init; }

    /// <summary>Gets the median time between tokens, or null with fewer than two tokens.</summary>
    public TimeSpan? P50TimeBetweenTokens { get; init; }

    /// <summary>Gets the 99th-percentile time between tokens, or null with fewer than two tokens.</summary>
    public TimeSpan? P99TimeBetweenTokens { get; init; }

    /// <summary>Gets the wall time of this run, from the request to the end of the stream.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the generated tokens per second over <see cref="Elapsed"/> (0 when none).</summary>
    public double TokensPerSecond { get; init; }
}
