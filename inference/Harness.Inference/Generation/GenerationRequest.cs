namespace Harness.Inference.Generation;

/// <summary>One generation for a <see cref="GenerationEngine"/>.</summary>
public sealed record GenerationRequest
{
    /// <summary>Gets the prompt's token ids (a begin-of-sequence token included where the model wants one).</summary>
    public required IReadOnlyList<int> PromptTokens { get; init; }

    /// <summary>Gets the tokens an interrupted run of this same request generated; generation continues after them.</summary>
    public IReadOnlyList<int> ResumeTokens { get; init; } = [];

    /// <summary>
    /// Gets the image patches for a vision-language model ([patch count, patch length], see
    /// <see cref="Models.VisionConfig"/>), placed before the prompt; null without an image.
    /// </summary>
    public float[]? ImagePatches { get; init; }

    /// <summary>Gets the most tokens the whole generation may hold, resumed tokens included.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Gets the sampling temperature; 0 is greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Gets the nucleus mass, in (0, 1].</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Gets the seed.</summary>
    public long Seed { get; init; }

    /// <summary>Gets the texts that end the generation; they are not part of the output.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Gets the admission priority: lower is admitted first (realtime 0, standard 1, background 2); first come first served within one.</summary>
    public int Priority { get; init; } = 1;
}
