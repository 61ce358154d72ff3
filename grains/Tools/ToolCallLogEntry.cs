namespace Harness.Grains.Tools;

/// <summary>A completed tool call as the durable tool-call log stores it.</summary>
internal sealed record ToolCallLogEntry
{
    /// <summary>Gets the idempotency key (<see cref="ToolCallKey.Value"/>).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the attempt of the key.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets the node of the key.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the tool's name.</summary>
    public required string ToolName { get; init; }

    /// <summary>Gets the tool's version.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Gets the result (JSON).</summary>
    public required string ResultJson { get; init; }

    /// <summary>Gets when the call completed.</summary>
    public required DateTimeOffset CompletedAt { get; init; }
}
