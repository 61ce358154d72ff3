using Harness.GrainInterfaces.Agents;

namespace Harness.Grains.Agents;

/// <summary>One registered version in an agent grain's checkpoint.</summary>
internal sealed class AgentVersionRecord
{
    /// <summary>Gets or sets the registered definition (its tools copied, so the caller's list is not shared).</summary>
    public AgentDefinition Definition { get; set; } = null!;

    /// <summary>Gets or sets the lifecycle state.</summary>
    public AgentVersionState State { get; set; }

    /// <summary>Gets or sets when the version was registered.</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Gets or sets when the state last changed.</summary>
    public DateTimeOffset StateChangedAt { get; set; }

    /// <summary>Gets or sets the number of chains started.</summary>
    public long ChainsStarted { get; set; }

    /// <summary>Gets or sets the number of chains that succeeded.</summary>
    public long ChainsCompleted { get; set; }

    /// <summary>Gets or sets the number of chains that failed.</summary>
    public long ChainsFailed { get; set; }

    /// <summary>Gets or sets the tokens the ended chains reported.</summary>
    public long Tokens { get; set; }

    /// <summary>Gets or sets the number of chains running now.</summary>
    public int RunningChains { get; set; }
}
