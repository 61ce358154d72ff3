namespace Harness.Inference.Generation;

/// <summary>Settings of a <see cref="GenerationEngine"/>.</summary>
public sealed class GenerationEngineOptions
{
    /// <summary>The default <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 8;

    /// <summary>The default <see cref="PrefillChunkTokens"/>.</summary>
    public const int DefaultPrefillChunkTokens = 64;

    /// <summary>The default <see cref="MaxContextTokens"/>.</summary>
    public const int DefaultMaxContextTokens = 4096;

    /// <summary>Gets or sets the most sequences decoded together in one forward pass.</summary>
    /// <value>The default is 8.</value>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// Gets or sets the most prompt tokens one forward pass takes in: a long prompt is read in chunks, so the sequences
    /// already decoding keep getting a token per pass while it is read.
    /// </summary>
    /// <value>The default is 64.</value>
    public int PrefillChunkTokens { get; set; } = DefaultPrefillChunkTokens;

    /// <summary>Gets or sets the longest sequence (image, prompt and generated tokens), at most the model's own limit.</summary>
    /// <value>The default is 4096.</value>
    public int MaxContextTokens { get; set; } = DefaultMaxContextTokens;
}
