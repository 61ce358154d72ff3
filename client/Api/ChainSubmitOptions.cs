using Harness.GrainInterfaces.Chains;

namespace Harness.Client.Api;

/// <summary>What accompanies a chain definition when it is submitted.</summary>
public sealed class ChainSubmitOptions
{
    /// <summary>Gets or sets the agent the chain runs as, or null.</summary>
    public string? Agent { get; set; }

    /// <summary>Gets or sets the agent version to pin, or null for the agent's online version.</summary>
    public string? AgentVersion { get; set; }

    /// <summary>Gets or sets the QoS class, or null for the agent's (or the definition's) default.</summary>
    public QosClass? Qos { get; set; }

    /// <summary>
    /// Gets or sets a client-chosen chain id, or null to let the server choose one. Choosing the id makes a
    /// retried submission idempotent: the second attempt finds the chain the first one created.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>Gets the chain's inputs, by name.</summary>
    public IDictionary<string, string> Inputs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
