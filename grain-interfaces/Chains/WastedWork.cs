namespace Harness.GrainInterfaces.Chains;

/// <summary>
/// Work done and then thrown away: node-seconds and tokens of attempts that did not complete, because they failed,
/// their silo died or they were preempted (tokens a preempted attempt saved are not wasted: the next attempt resumes
/// from them).
/// </summary>
public sealed record WastedWork
{
    /// <summary>Gets the node-seconds redone.</summary>
    public double NodeSeconds { get; init; }

    /// <summary>Gets the tokens redone.</summary>
    public long Tokens { get; init; }

    /// <summary>Gets the attempts lost to node failures.</summary>
    public int Failures { get; init; }

    /// <summary>Gets the attempts lost to silo failures (a node that was running when its silo died).</summary>
    public int Failovers { get; init; }

    /// <summary>Gets the attempts stopped by preemption.</summary>
    public int Preemptions { get; init; }
}
