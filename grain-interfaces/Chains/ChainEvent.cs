namespace Harness.GrainInterfaces.Chains;

/// <summary>One transition of a chain.</summary>
public sealed record ChainEvent
{
    /// <summary>Gets the event's number in its chain, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the chain id.</summary>
    public required string ChainId { get; init; }

    /// <summary>Gets what happened.</summary>
    public required ChainEventKind Kind { get; init; }

    /// <summary>Gets the chain's status after it.</summary>
    public required ChainStatus Status { get; init; }

    /// <summary>Gets the node concerned; null for chain-wide events.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets the node's attempt number; 0 for chain-wide events.</summary>
    public int Attempt { get; init; }

    /// <summary>Gets a human-readable detail (an error, a fallback taken, a latency).</summary>
    public string? Detail { get; init; }

    /// <summary>Gets when it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
