namespace Harness.Grains.Chains.Definitions;

/// <summary>Size limits a chain document must respect.</summary>
public sealed record ChainDefinitionLimits
{
    /// <summary>Gets the default limits: 256 KiB and 500 nodes.</summary>
    public static ChainDefinitionLimits Default { get; } = new();

    /// <summary>Gets the largest document accepted, in UTF-8 bytes; checked before parsing.</summary>
    public int MaxDocumentBytes { get; init; } = 256 * 1024;

    /// <summary>Gets the most nodes a chain may have.</summary>
    public int MaxNodes { get; init; } = 500;
}
