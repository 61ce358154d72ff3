namespace Harness.GrainInterfaces.Chains;

/// <summary>One node of a chain as its checkpoint holds it.</summary>
public sealed record NodeSnapshot
{
    /// <summary>Gets the node id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the node type.</summary>
    public required NodeType Type { get; init; }

    /// <summary>Gets the node's state.</summary>
    public required NodeStatus Status { get; init; }

    /// <summary>Gets the attempts started so far (across failures, preemptions and silo failovers).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets how many times the node completed (more than one inside a loop).</summary>
    public int Completions { get; init; }

    /// <summary>Gets the output of the last completion (JSON or text); null before the first.</summary>
    public string? Output { get; init; }

    /// <summary>Gets the error of the last failed attempt; null when none failed.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the tokens generated so far that a preempted attempt saved, resumed by the next attempt.</summary>
    public int SavedTokens { get; init; }

    /// <summary>Gets the tokens this node generated (inference nodes).</summary>
    public long Tokens { get; init; }

    /// <summary>Gets the seconds this node ran, all attempts together.</summary>
    public double Seconds { get; init; }

    /// <summary>Gets the silo that ran the last attempt; null before the first.</summary>
    public string? Silo { get; init; }

    /// <summary>Gets the device that ran the last attempt (inference nodes); null otherwise.</summary>
    public string? Device { get; init; }

    /// <summary>Gets when the last attempt started; null before the first.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the node last completed or failed; null before.</summary>
    public DateTimeOffset? EndedAt { get; init; }
}
