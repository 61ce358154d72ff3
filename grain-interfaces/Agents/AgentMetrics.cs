namespace Harness.GrainInterfaces.Agents;

/// <summary>The chain counters of an agent, per version and in total.</summary>
public sealed record AgentMetrics
{
    /// <summary>Gets the agent's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the counters of every registered version, in version order.</summary>
    public required IReadOnlyList<AgentVersionMetrics> Versions { get; init; }

    /// <summary>Gets the number of chains started on any version.</summary>
    public long ChainsStarted { get; init; }

    /// <summary>Gets the number of chains that ended successfully.</summary>
    public long ChainsCompleted { get; init; }

    /// <summary>Gets the number of chains that ended in failure.</summary>
    public long ChainsFailed { get; init; }

    /// <summary>Gets the tokens the ended chains reported.</summary>
    public long Tokens { get; init; }

    /// <summary>Gets the number of chains running now on any version (how busy the agent is).</summary>
    public int RunningChains { get; init; }
}
