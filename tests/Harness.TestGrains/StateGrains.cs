using Harness.Runtime;
using Harness.Runtime.Storage;

namespace Harness.TestGrains;

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}

public interface IStateGrain : IGrainWithStringKey
{
    Task<int> Increment(string note);

    Task<int> Get();

    Task<string?> GetETag();

    Task Clear();

    Task DeactivateSelf();
}

public sealed class StateGrain([PersistentState("counter")] IPersistentState<CounterState> counter, TestProbe probe) : Grain, IStateGrain
{
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Signal("state-deactivated:" + GrainId.Key);
        return Task.CompletedTask;
    }

    public async Task<int> Increment(string note)
    {
        counter.State.Value++;
        counter.State.History.Add(note);
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);

    public Task<string?> GetETag() => Task.FromResult(counter.ETag);

    public Task Clear() => counter.ClearStateAsync();

    public Task DeactivateSelf()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
