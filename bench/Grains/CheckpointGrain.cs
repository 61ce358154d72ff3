using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.Bench;

internal sealed class CheckpointGrain([PersistentState("checkpoint")] IPersistentState<CheckpointState> state) : Grain, ICheckpointGrain
{
    // A 1 KB JSON state: about 1000 bytes of payload plus framing.
    private static readonly string Payload = new('x', 1000);

    public async ValueTask Write(int version)
    {
        state.State.Version = version;
        state.State.Payload = Payload;
        await state.WriteStateAsync();
    }
}
