namespace Harness.Grains.Chains.Execution;

/// <summary>How one node attempt ended (failures are exceptions).</summary>
internal sealed record NodeOutcome
{
    /// <summary>Gets the output (JSON) of a completed attempt.</summary>
    public string? Output { get; init; }

    /// <summary>Gets the tokens generated.</summary>
    public long Tokens { get; init; }

    /// <summary>Gets the device that ran it, for inference nodes.</summary>
    public string? Device { get; init; }

    /// <summary>Gets the silo that ran it, when not the chain's.</summary>
    public string? Silo { get; init; }

    /// <summary>Gets whether a preemption signal stopped it.</summary>
    public bool Preempted { get; init; }

    /// <summary>Gets every token generated so far (saved ones included) when preempted.</summary>
    public IReadOnlyList<string> PartialTokens { get; init; } = [];

    /// <summary>Gets the ids of <see cref="PartialTokens"/>, when the backend reports ids.</summary>
    public IReadOnlyList<int> PartialTokenIds { get; init; } = [];

    /// <summary>Gets when the preemption signal was published.</summary>
    public DateTimeOffset? PreemptionSignalledAt { get; init; }

    /// <summary>Gets when the preempted attempt released its lease.</summary>
    public DateTimeOffset? LeaseReleasedAt { get; init; }
}
