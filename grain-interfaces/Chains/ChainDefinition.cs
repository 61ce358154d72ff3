namespace Harness.GrainInterfaces.Chains;

/// <summary>
/// A task chain (Agent Execution Graph): nodes of atomic capabilities joined by edges. Read from JSON or YAML by
/// <c>ChainDefinitionParser</c>; the format is described in docs/chains.md and docs/chain-definition.schema.json.
/// </summary>
public sealed record ChainDefinition
{
    /// <summary>Gets the chain's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets a human-readable description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the chain's version; <c>1</c> when the document names none.</summary>
    public string Version { get; init; } = "1";

    /// <summary>Gets the chain's QoS class; <see cref="QosClass.Standard"/> by default.</summary>
    public QosClass Qos { get; init; } = QosClass.Standard;

    /// <summary>Gets the names of the inputs a submission supplies, referenced as <c>{{inputs.name}}</c>.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the nodes, in document order.</summary>
    public required IReadOnlyList<NodeDefinition> Nodes { get; init; }

    /// <summary>Gets the edges between nodes.</summary>
    public IReadOnlyList<EdgeDefinition> Edges { get; init; } = [];

    /// <summary>Gets the id of the node the chain starts at, or null for the first node.</summary>
    public string? Start { get; init; }

    /// <summary>Gets the id of the start node: <see cref="Start"/> or the first node's id.</summary>
    public string? StartNodeId => Start ?? (Nodes.Count > 0 ? Nodes[0].Id : null);
}
