namespace Harness.GrainInterfaces.Agents;

/// <summary>The chain counters of one agent version, since it was registered.</summary>
public sealed record AgentVersionMetrics
{
    /// <summary>Gets the version counted.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the number of chains started on this version.</summary>
    public long ChainsStarted { get; init; }

    /// <summary>Gets the number of chains that ended successfully.</summary>
    public long ChainsCompleted { get; init; }

    /// <summary>Gets the number of chains that ended in failure (cancellation included).</summary>
    public long ChainsFailed { get; init; }

    /// <summary>Gets the tokens the ended chains reported.</summary>
    public long Tokens { get; init; }

    /// <summary>Gets the number of chains running now (started and not yet ended).</summary>
    public int RunningChains { get; init; }
}
