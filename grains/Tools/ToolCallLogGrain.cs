using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.Grains.Tools;

/// <summary>One chain's durable tool-call log (see <see cref="IToolCallLogGrain"/>): it survives the silo, so a chain resumed elsewhere does not repeat a completed call.</summary>
[GrainType("tool-call-log")]
internal sealed class ToolCallLogGrain(
    [PersistentState("tool-calls")] IPersistentState<ToolCallLogState> state) : Grain, IToolCallLogGrain
{
    public Task<ToolCallLogEntry?> Find(string key) => Task.FromResult(state.State.Calls.GetValueOrDefault(key));

    public async Task Record(ToolCallLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (state.State.Calls.TryAdd(entry.Key, entry))
        {
            await state.WriteStateAsync();
        }
    }
}
