using Harness.Runtime;

namespace Harness.GrainInterfaces.Chains;

/// <summary>
/// The list of chains of the cluster (one grain, key <see cref="ChainIndexKeys.All"/>): each chain reports its status
/// changes here, so chains can be listed without visiting every chain grain.
/// </summary>
public interface IChainIndexGrain : IGrainWithStringKey
{
    /// <summary>Records a chain's current summary (insert or update).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>A task that completes when it is persisted.</returns>
    Task Update(ChainSummary summary);

    /// <summary>Lists the most recent chains, newest first.</summary>
    /// <param name="limit">The most to return (1..1000).</param>
    /// <param name="status">Only chains in this status; null for all.</param>
    /// <returns>The summaries.</returns>
    Task<IReadOnlyList<ChainSummary>> List(int limit, ChainStatus? status);
}
