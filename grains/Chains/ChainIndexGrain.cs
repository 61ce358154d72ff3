using Harness.GrainInterfaces.Chains;
using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.Grains.Chains;

/// <summary>The cluster's list of chains (see <see cref="IChainIndexGrain"/>), persisted on every change.</summary>
[GrainType("chain-index")]
internal sealed class ChainIndexGrain(
    [PersistentState("chain-index")] IPersistentState<ChainIndexState> state) : Grain, IChainIndexGrain
{
    private const int MaxLimit = 1000;

    public async Task Update(ChainSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        state.State.Chains[summary.Id] = summary;
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
