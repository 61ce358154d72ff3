namespace Harness.Grains.Inference.Cpu;

/// <summary>A model the CPU backend serves (<c>Harness:Inference:Cpu:Models:N</c>).</summary>
public sealed class CpuModelDeclaration
{
    /// <summary>Gets or sets the model name chains ask for (letters, digits, '.', '-', '_').</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the Hugging Face model folder; empty for <c>{ModelsPath}/{Name}</c>.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Gets or sets which built-in demo model to generate into the folder when it holds no model yet: <c>text</c> or
    /// <c>vision</c>; empty to never generate (the folder must then hold a model).
    /// </summary>
    public string? Generate { get; set; }

    /// <summary>Gets or sets the seed of a generated model's weights; null for the demo model's own.</summary>
    public long? Seed { get; set; }
}
