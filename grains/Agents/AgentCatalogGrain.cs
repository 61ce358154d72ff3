using Harness.GrainInterfaces.Agents;
using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.Grains.Agents;

/// <summary>The names of the registered agents (see <see cref="IAgentCatalogGrain"/>).</summary>
[GrainType("agent-catalog")]
internal sealed class AgentCatalogGrain(
    [PersistentState("agent-catalog")] IPersistentState<AgentCatalogState> state) : Grain, IAgentCatalogGrain
{
    public async Task Add(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var names = state.State.Names;
        var index = names.BinarySearch(name, StringComparer.Ordinal);
        if (index < 0)
        {
            names.Insert(~index, name);
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Names]);
}
