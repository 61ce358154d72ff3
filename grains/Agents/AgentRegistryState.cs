namespace Harness.Grains.Agents;

/// <summary>An agent grain's checkpoint: every registered version with its state and counters.</summary>
internal sealed class AgentRegistryState
{
    /// <summary>Gets or sets the registered versions, in registration order.</summary>
    public List<AgentVersionRecord> Versions { get; set; } = [];
}
