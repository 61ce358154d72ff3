namespace Harness.GrainInterfaces.Chains;

/// <summary>A chain in the chain list.</summary>
public sealed record ChainSummary
{
    /// <summary>Gets the chain id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the chain definition's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the status.</summary>
    public required ChainStatus Status { get; init; }

    /// <summary>Gets the QoS class.</summary>
    public required QosClass Qos { get; init; }

    /// <summary>Gets the agent; null for none.</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the nodes completed so far.</summary>
    public int NodesCompleted { get; init; }

    /// <summary>Gets the nodes in the definition.</summary>
    public int NodeCount { get; init; }

    /// <summary>Gets when the chain was accepted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when its status last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
