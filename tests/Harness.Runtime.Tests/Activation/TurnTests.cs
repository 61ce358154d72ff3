using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Activation;

public sealed class TurnTests
{
    [Fact]
    public async Task NonReentrantGrain_ConcurrentCalls_NeverOverlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("nr", "Harness.TestGrains.TurnGrain");

        var first = grain.Enter("a");
        await silo.Probe.WhenSignaled($"turn/nr:started:a");
        var second = grain.Enter("b");

        // GetLog interleaves and was sent after "b": had "b" started out of turn, its start would precede this read.
        Assert.Equal(["start:a"], await grain.GetLog());

        silo.Probe.Open("b");
        Assert.Equal(["start:a"], await grain.GetLog());
        silo.Probe.Open("a");
        await Task.WhenAll(first, second);

        Assert.Equal(["start:a", "end:a", "start:b", "end:b"], await grain.GetLog());
    }

    [Fact]
    public async Task ReentrantGrain_ConcurrentCalls_Interleave()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantTurnGrain>("r");

        var first = grain.Enter("a");
        await silo.Probe.WhenSignaled("reentrantturn/r:started:a");
        var second = grain.Enter("b");

        // "b" starts and finishes while "a" is still waiting for its gate.
        await silo.Probe.WhenSignaled("reentrantturn/r:started:b");
        silo.Probe.Open("b");
        await second;
        Assert.False(first.IsCompleted);
        silo.Probe.Open("a");
        await first;

        Assert.Equal(["start:a", "start:b", "end:b", "end:a"], await grain.GetLog());
    }

    [Fact]
    public async Task ConcurrentFirstCalls_CreateOneActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var calls = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => silo.GrainFactory.GetGrain<ILifecycleGrain>("single").Ping(i)))
            .ToArray();

        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 200), results.Order());
        Assert.Equal(1, silo.Probe.Count("activations:single"));
    }

    [Fact]
    public async Task IdleActivation_IsDeactivatedAfterCollectionAge()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            timeProvider: time,
            settings: new Dictionary<string, string?> { ["Harness:GrainCollection:CollectionQuantum"] = "00:00:10" });
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        await grain.Ping(1);

        // LifecycleGrain's age limit is one minute: not collected before, collected after.
        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(1, silo.Status.ActivationCount);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(DeactivationReason.IdleExpired, await silo.Probe.WhenSignaled("deactivated:idle"));

        await grain.Ping(2);
        Assert.Equal(2, silo.Probe.Count("activations:idle"));
    }

    [Fact]
    public async Task DeactivateOnIdle_NextCallCreatesNewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("self");
        await grain.DeactivateSelf();
        Assert.Equal(DeactivationReason.ApplicationRequested, await silo.Probe.WhenSignaled("deactivated:self"));

        Assert.Equal(5, await grain.Ping(4));
        Assert.Equal(2, silo.Probe.Count("activations:self"));
    }

    [Fact]
    public async Task SiloStop_DeactivatesEveryGrain()
    {
        var silo = await TestSilo.StartAsync();
        await silo.GrainFactory.GetGrain<ILifecycleGrain>("x").Ping(1);
        await silo.GrainFactory.GetGrain<ILifecycleGrain>("y").Ping(1);

        await silo.StopAsync();

        Assert.Contains("deactivate:x:ShuttingDown", silo.Probe.Log);
        Assert.Contains("deactivate:y:ShuttingDown", silo.Probe.Log);
        Assert.Equal(0, silo.Status.ActivationCount);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task DeactivateOnIdle_FromBackgroundContinuation_Deactivates()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("background");
        await grain.DeactivateWhenOpened("later");

        silo.Probe.Open("later");

        Assert.Equal(DeactivationReason.ApplicationRequested, await silo.Probe.WhenSignaled("deactivated:background"));
    }

    [Fact]
    public async Task CallerAsyncLocals_DoNotReachTheGrain_InlineOrQueued()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("ambient");
        await grain.Ping(0);

        LifecycleGrain.Ambient.Value = "caller";
        Assert.Null(await grain.ReadAmbient());
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.ReadAmbient()));
        Assert.All(concurrent, Assert.Null);
        Assert.Equal("caller", LifecycleGrain.Ambient.Value);
    }

    [Fact]
    public async Task ReentrantGrain_PendingDeactivation_StartsNoNewRequest()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReentrantTurnGrain>("draining");
        var first = grain.Enter("a1");
        await silo.Probe.WhenSignaled("reentrantturn/draining:started:a1");
        await grain.RequestDeactivation();

        // Parked until the draining activation is gone, then served by the next one.
        var second = grain.Enter("b1");
        silo.Probe.Open("b1");
        silo.Probe.Open("a1");
        await Task.WhenAll(first, second);

        Assert.Equal(["start:b1", "end:b1"], await grain.GetLog());
    }

    [Fact]
    public async Task DelayDeactivation_MaxValue_KeepsTheActivation()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time);
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("forever");
        await grain.KeepAliveForever();

        time.Advance(TimeSpan.FromHours(3));
        await grain.Ping(1);

        Assert.Equal(1, silo.Probe.Count("activations:forever"));
    }

    [Fact]
    public async Task ShutdownTimeout_FailsCallsStillWaiting()
    {
        var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Harness:Silo:ShutdownTimeout"] = "00:00:01" });
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("stuck");
        var hung = grain.Hang();
        var queued = grain.Ping(1);

        await silo.StopAsync();

        // Nobody would ever answer them: the stopped silo fails both the stuck call and the one behind it.
        await Assert.ThrowsAsync<SiloUnavailableException>(() => queued);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => hung);
        silo.Probe.Open("never");
        await silo.DisposeAsync();
    }
}
