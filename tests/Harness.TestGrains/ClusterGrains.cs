using Harness.Runtime;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Harness.Runtime.Reminders;
using Harness.Runtime.Storage;

namespace Harness.TestGrains;

/// <summary>Tells which silo hosts it; counts its activations in the shared probe.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    Task<string> Silo();

    /// <summary>Calls another grain of this kind and returns that grain's silo (a call made from inside a grain).</summary>
    Task<string> SiloOf(string key);

    /// <summary>Signals "where-waiting:{key}", waits for the probe's gate, then returns the silo.</summary>
    Task<string> SiloAfter(string gate);

    /// <summary>Returns the silo at once, even while another call runs.</summary>
    [AlwaysInterleave]
    Task<string> SiloNow();
}

public sealed class WhereGrain(ISiloStatus silo, TestProbe probe) : Grain, IWhereGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment("where-activations:" + GrainId.Key);
        return Task.CompletedTask;
    }

    public async Task<string> Silo()
    {
        // Yield so concurrent callers really overlap the activation.
        await Task.Yield();
        return silo.Address.ToString();
    }

    public Task<string> SiloOf(string key) => GrainFactory.GetGrain<IWhereGrain>(key).Silo();

    public Task<string> SiloNow() => Task.FromResult(silo.Address.ToString());

    public async Task<string> SiloAfter(string gate)
    {
        probe.Signal("where-waiting:" + GrainId.Key);
        await probe.Gate(gate);
        return silo.Address.ToString();
    }
}

/// <summary>A persisted counter that tells which silo hosts it.</summary>
public interface IClusterCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, and returns the new value.</summary>
    Task<int> Increment();

    Task<int> Get();

    Task<string> Silo();
}

public sealed class ClusterCounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter, ISiloStatus silo) : Grain, IClusterCounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Value++;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);

    public Task<string> Silo() => Task.FromResult(silo.Address.ToString());
}

/// <summary>Placed on the least loaded of two silos.</summary>
public interface ILoadPlacedGrain : IGrainWithIntegerKey
{
    Task<string> Silo();
}

[ActivationCountPlacement]
public sealed class LoadPlacedGrain(ISiloStatus silo) : Grain, ILoadPlacedGrain
{
    public Task<string> Silo() => Task.FromResult(silo.Address.ToString());
}

/// <summary>Records every reminder tick with its due time, to check a tick fires once across the cluster.</summary>
public interface IClusterReminderGrain : IGrainWithStringKey, IRemindable
{
    Task Register(TimeSpan dueTime, TimeSpan period);

    Task<string> Silo();
}

public sealed class ClusterReminderGrain(ISiloStatus silo, TestProbe probe) : Grain, IClusterReminderGrain
{
    public Task Register(TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder("tick", dueTime, period);

    public Task<string> Silo() => Task.FromResult(silo.Address.ToString());

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"tick:{GrainId.Key}:{status.CurrentTickTime.ToUnixTimeMilliseconds()}");
        probe.Increment("ticks:" + GrainId.Key);
        return Task.CompletedTask;
    }
}
