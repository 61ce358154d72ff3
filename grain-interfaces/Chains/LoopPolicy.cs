namespace Harness.GrainInterfaces.Chains;

/// <summary>The bound on how often a node on a cycle runs within one chain execution.</summary>
public sealed record LoopPolicy
{
    /// <summary>Gets the most times the node runs, at least 1.</summary>
    public required int MaxIterations { get; init; }
}
