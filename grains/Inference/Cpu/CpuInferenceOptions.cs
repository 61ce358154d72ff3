namespace Harness.Grains.Inference.Cpu;

/// <summary>The built-in CPU transformer backend (configuration section <c>Harness:Inference:Cpu</c>).</summary>
public sealed class CpuInferenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Inference:Cpu";

    /// <summary>The default <see cref="ModelsPath"/>.</summary>
    public const string DefaultModelsPath = "data/models";

    /// <summary>
    /// Gets or sets the folder of model folders: each subfolder holding a config.json is served under its folder name,
    /// besides the models declared in <see cref="Models"/>. Relative to the working directory.
    /// </summary>
    /// <value>The default is <c>data/models</c>.</value>
    public string ModelsPath { get; set; } = DefaultModelsPath;

    /// <summary>Gets the models declared by name (their folder, or a demo model to generate into it).</summary>
    public List<CpuModelDeclaration> Models { get; } = [];

    /// <summary>Gets or sets the most generations one model decodes together in a forward pass.</summary>
    /// <value>The default is 8.</value>
    public int MaxBatchSize { get; set; } = Harness.Inference.Generation.GenerationEngineOptions.DefaultMaxBatchSize;

    /// <summary>Gets or sets the most prompt tokens a forward pass reads, so long prompts do not stall the batch.</summary>
    /// <value>The default is 64.</value>
    public int PrefillChunkTokens { get; set; } = Harness.Inference.Generation.GenerationEngineOptions.DefaultPrefillChunkTokens;

    /// <summary>Gets or sets the longest sequence (image, prompt and output), at most each model's own limit.</summary>
    /// <value>The default is 4096.</value>
    public int MaxContextTokens { get; set; } = Harness.Inference.Generation.GenerationEngineOptions.DefaultMaxContextTokens;
}
