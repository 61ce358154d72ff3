namespace Harness.Grains.Tools;

/// <summary>Settings of the <see cref="ToolRegistry"/> (configuration section <c>Harness:Tools</c>).</summary>
public sealed class ToolOptions
{
    /// <summary>The configuration section.</summary>
    public const string ConfigurationSectionName = "Harness:Tools";

    /// <summary>The default <see cref="MaxResultBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxResultBytes = 1024 * 1024;

    /// <summary>Gets or sets the largest tool result accepted, in UTF-8 bytes of JSON.</summary>
    public int MaxResultBytes { get; set; } = DefaultMaxResultBytes;
}
