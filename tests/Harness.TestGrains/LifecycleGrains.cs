using Harness.Runtime;

namespace Harness.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);

    ValueTask<int> PingValue(int value);

    Task Throw(string message);

    Task ThrowCustom(int code);

    [ResponseTimeout("00:00:02")]
    Task Hang();

    Task DeactivateSelf();

    [OneWay]
    Task Notify(string entry);

    /// <summary>Returns once; a background continuation of this grain calls DeactivateOnIdle after the gate opens.</summary>
    Task DeactivateWhenOpened(string gate);

    Task KeepAliveForever();

    /// <summary>Pings the grain <paramref name="otherKey"/> and returns its answer (a grain-to-grain call).</summary>
    Task<int> PingVia(string otherKey, int value);

    /// <summary>Reads <see cref="LifecycleGrain.Ambient"/> as the grain sees it.</summary>
    Task<string?> ReadAmbient();
}

[Serializable]
public sealed class TestGrainException(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}

[CollectionAgeLimit("00:01:00")]
public sealed class LifecycleGrain(TestProbe probe) : Grain, ILifecycleGrain
{
    public static readonly AsyncLocal<string?> Ambient = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment("activations:" + GrainId.Key);
        probe.Record("activate:" + GrainId.Key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{GrainId.Key}:{reason}");
        probe.Signal("deactivated:" + GrainId.Key, reason);
        return Task.CompletedTask;
    }

    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    private async Task DeactivateLaterAsync(string gate)
    {
        await probe.Gate(gate);
        DeactivateOnIdle();
    }

    public ValueTask<int> PingValue(int value) => new(value + 1);

    public Task Throw(string message) => throw new InvalidOperationException(message);

    public async Task ThrowCustom(int code)
    {
        await Task.Yield();
        throw new TestGrainException($"custom failure {code}", code);
    }

    public Task Hang() => probe.Gate("never");

    public Task DeactivateSelf()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task DeactivateWhenOpened(string gate)
    {
        _ = DeactivateLaterAsync(gate);
        return Task.CompletedTask;
    }

    public Task<string?> ReadAmbient() => Task.FromResult(Ambient.Value);

    public Task<int> PingVia(string otherKey, int value) => GrainFactory.GetGrain<ILifecycleGrain>(otherKey).Ping(value);

    public Task KeepAliveForever()
    {
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

    public Task Notify(string entry)
    {
        probe.Record("notify:" + entry);
        probe.Signal("notify:" + entry);
        return Task.CompletedTask;
    }
}
