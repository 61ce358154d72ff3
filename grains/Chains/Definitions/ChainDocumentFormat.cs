namespace Harness.Grains.Chains.Definitions;

/// <summary>The text format of a chain document.</summary>
public enum ChainDocumentFormat
{
    /// <summary>JSON (camelCase property names).</summary>
    Json,

    /// <summary>YAML, read as the equivalent JSON.</summary>
    Yaml,
}
