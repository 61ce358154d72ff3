namespace Harness.Grains.Tools;

/// <summary>A completed tool call, as recorded in an <see cref="IToolCallLog"/>.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="ToolName">The tool's name.</param>
/// <param name="ToolVersion">The tool's version.</param>
/// <param name="Result">The result returned.</param>
/// <param name="CompletedAt">When the call completed.</param>
public sealed record ToolCallRecord(ToolCallKey Key, string ToolName, string ToolVersion, ToolResult Result, DateTimeOffset CompletedAt);
