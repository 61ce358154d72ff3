namespace Harness.GrainInterfaces.Chains;

/// <summary>What a client submits to start a chain.</summary>
public sealed record ChainSubmission
{
    /// <summary>Gets the validated chain definition.</summary>
    public required ChainDefinition Definition { get; init; }

    /// <summary>Gets the values of the definition's inputs, by name.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the agent the chain runs for; null for none (the nodes name their models).</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the agent version to pin; null for the latest online version.</summary>
    public string? AgentVersion { get; init; }

    /// <summary>Gets a QoS class that overrides the definition's (and the agent's default); null to keep it.</summary>
    public QosClass? Qos { get; init; }
}
