using Harness.Runtime;

namespace Harness.GrainInterfaces.Chains;

/// <summary>
/// One task chain: runs its graph node by node and persists the whole chain state (its checkpoint) after every node,
/// before the next starts, so a chain whose silo died resumes from its last completed node. Keyed by the chain id.
/// </summary>
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the chain and starts running it; the checkpoint is written before this returns. Submitting again with
    /// the same definition and inputs returns the chain as it is; anything else is refused.
    /// </summary>
    /// <param name="submission">The definition, inputs and agent.</param>
    /// <returns>The chain as accepted.</returns>
    Task<ChainSnapshot> Submit(ChainSubmission submission);

    /// <summary>Reads the chain's state: status, every node's state, attempts, checkpoints, wasted work, result.</summary>
    /// <returns>The snapshot.</returns>
    [AlwaysInterleave]
    Task<ChainSnapshot> GetSnapshot();

    /// <summary>
    /// Reads the chain's events after <paramref name="afterSequence"/>, waiting up to <paramref name="wait"/> for the
    /// first one when there is none yet (a long poll: server-sent events are built on it).
    /// </summary>
    /// <param name="afterSequence">The last sequence number already seen (0 for all).</param>
    /// <param name="wait">How long to wait for a new event; zero to answer at once.</param>
    /// <returns>The events, in order, and whether the chain has ended.</returns>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task<ChainEventPage> GetEvents(long afterSequence, TimeSpan wait);

    /// <summary>Cancels the chain: the running node is stopped, nothing further runs. Ended chains are left as they are.</summary>
    /// <param name="reason">Why, recorded in the chain; null for none.</param>
    /// <returns>The chain after the change.</returns>
    [AlwaysInterleave]
    Task<ChainSnapshot> Cancel(string? reason);

    /// <summary>Pauses the chain after the running node completes (its checkpoint is written; no next node starts).</summary>
    /// <returns>The chain after the change.</returns>
    [AlwaysInterleave]
    Task<ChainSnapshot> Pause();

    /// <summary>Resumes a paused chain from its last checkpoint.</summary>
    /// <returns>The chain after the change.</returns>
    [AlwaysInterleave]
    Task<ChainSnapshot> Resume();
}
