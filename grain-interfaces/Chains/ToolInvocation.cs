namespace Harness.GrainInterfaces.Chains;

/// <summary>The tool a <c>tool</c> node calls and its arguments.</summary>
public sealed record ToolInvocation
{
    /// <summary>Gets the registered tool's name, e.g. <c>http</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the tool version to use, or null for the latest.</summary>
    public string? Version { get; init; }

    /// <summary>Gets the arguments by name; each value is a template.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();
}
