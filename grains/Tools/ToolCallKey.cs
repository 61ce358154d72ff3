namespace Harness.Grains.Tools;

/// <summary>The idempotency key of a tool call: the chain, the node and the node's attempt.</summary>
/// <param name="ChainId">The chain id.</param>
/// <param name="NodeId">The node id within the chain.</param>
/// <param name="Attempt">The node's attempt number (1 for the first).</param>
public sealed record ToolCallKey(string ChainId, string NodeId, int Attempt)
{
    /// <summary>Gets the stable string form, <c>chain/node/attempt</c>, with each part percent-escaped.</summary>
    public string Value => $"{Uri.EscapeDataString(ChainId)}/{Uri.EscapeDataString(NodeId)}/{Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public override string ToString() => Value;
}
