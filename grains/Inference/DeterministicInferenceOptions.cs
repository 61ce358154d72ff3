namespace Harness.Grains.Inference;

/// <summary>Settings of the <see cref="DeterministicInferenceBackend"/>.</summary>
public sealed record DeterministicInferenceOptions
{
    /// <summary>Gets the models served; empty serves every model.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Gets a value indicating whether requests with an image are accepted (the image reference seeds the text).</summary>
    public bool SupportsVision { get; init; }

    /// <summary>Gets the simulated delay before the first generated token (prefill).</summary>
    public TimeSpan FirstTokenDelay { get; init; }

    /// <summary>Gets the simulated delay before each later token (decode).</summary>
    public TimeSpan TokenDelay { get; init; }

    /// <summary>Gets the words the text is drawn from; empty uses a built-in vocabulary.</summary>
    public IReadOnlyList<string> Vocabulary { get; init; } = [];
}
