namespace Harness.GrainInterfaces.Chains;

/// <summary>A directed edge from one node to another, taken when its condition holds (or always without one).</summary>
public sealed record EdgeDefinition
{
    /// <summary>Gets the id of the source node.</summary>
    public required string From { get; init; }

    /// <summary>Gets the id of the target node.</summary>
    public required string To { get; init; }

    /// <summary>Gets the condition over earlier outputs (references written as templates), or null.</summary>
    public string? Condition { get; init; }
}
