using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Storage;

namespace Harness.Bench;

internal sealed class FailoverGrain([PersistentState("failover")] IPersistentState<FailoverState> state, ISiloStatus silo) : Grain, IFailoverGrain
{
    public async ValueTask<int> Write()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public ValueTask<int> Get() => new(state.State.Value);

    public ValueTask<string> Silo() => new(silo.Address.ToString());
}
