using Harness.GrainInterfaces.Chains;
using Harness.Grains.Chains.Execution;
using Harness.Runtime;
using Harness.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace Harness.Grains.Chains;

/// <summary>The cluster's list of chains (see <see cref="IChainIndexGrain"/>), persisted on every change.</summary>
[GrainType("chain-index")]
internal sealed class ChainIndexGrain(
    [PersistentState("chain-index")] IPersistentState<ChainIndexState> state,
    IOptions<ChainOptions> options) : Grain, IChainIndexGrain
{
    private const int MaxLimit = 1000;

    public async Task Update(ChainSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var chains = state.State.Chains;
        chains[summary.Id] = summary;
        if (chains.Count > options.Value.ListCapacity)
        {
            // Ended chains leave the list oldest first; running ones are never dropped.
            foreach (var ended in chains.Values
                .Where(c => c.Status is ChainStatus.Succeeded or ChainStatus.Failed or ChainStatus.Cancelled)
                .OrderBy(c => c.UpdatedAt)
                .Take(chains.Count - options.Value.ListCapacity)
                .ToList())
            {
                chains.Remove(ended.Id);
            }
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ChainSummary>> List(int limit, ChainStatus? status)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit must be between 1 and {MaxLimit}, not {limit}.");
        }

        IReadOnlyList<ChainSummary> result = [.. state.State.Chains.Values
            .Where(c => status is null || c.Status == status)
            .OrderByDescending(c => c.CreatedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(limit)];
        return Task.FromResult(result);
    }
}
