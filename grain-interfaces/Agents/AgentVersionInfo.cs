namespace Harness.GrainInterfaces.Agents;

/// <summary>One registered agent version as its grain reports it.</summary>
public sealed record AgentVersionInfo
{
    /// <summary>Gets the registered definition.</summary>
    public required AgentDefinition Definition { get; init; }

    /// <summary>Gets the lifecycle state.</summary>
    public required AgentVersionState State { get; init; }

    /// <summary>Gets when the version was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Gets when the state last changed (the registration time until then).</summary>
    public required DateTimeOffset StateChangedAt { get; init; }

    /// <summary>Gets the version's chain counters.</summary>
    public required AgentVersionMetrics Metrics { get; init; }
}
