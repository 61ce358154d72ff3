namespace Harness.Grains.Tools;

/// <summary>The checkpoint of a chain's tool-call log.</summary>
internal sealed class ToolCallLogState
{
    /// <summary>Gets or sets the completed calls, by idempotency key.</summary>
    public Dictionary<string, ToolCallLogEntry> Calls { get; set; } = new(StringComparer.Ordinal);
}
