namespace Harness.Grains.Tools;

/// <summary>One call of a tool: its rendered arguments and its idempotency key.</summary>
public sealed record ToolCall
{
    /// <summary>Gets the idempotency key; a completed call with the same key is not repeated.</summary>
    public required ToolCallKey Key { get; init; }

    /// <summary>Gets the arguments by name, after template rendering.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets an argument, or null when absent.</summary>
    /// <param name="name">The argument name.</param>
    /// <returns>The value, or null.</returns>
    public string? GetArgument(string name) => Arguments.TryGetValue(name, out var value) ? value : null;
}
