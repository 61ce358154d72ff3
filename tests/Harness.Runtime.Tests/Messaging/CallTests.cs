using Harness.Runtime.Hosting;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Messaging;

public sealed class CallTests
{
    [Fact]
    public async Task GrainException_ReachesCallerWithTypeAndMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("boom");

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("boom 42"));
        Assert.Equal("boom 42", sync.Message);

        var custom = await Assert.ThrowsAsync<TestGrainException>(() => grain.ThrowCustom(7));
        Assert.Equal("custom failure 7", custom.Message);
        Assert.Equal(7, custom.Code);

        // The grain stays usable after throwing.
        Assert.Equal(2, await grain.Ping(1));
    }

    [Fact]
    public async Task HangingCall_TimesOutAfterResponseTimeout()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time);
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("hang");

        var call = grain.Hang();
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("ILifecycleGrain.Hang", timeout.Message);
        Assert.Contains("lifecycle/hang", timeout.Message);

        // Let the abandoned request finish so shutdown need not wait for it.
        silo.Probe.Open("never");
    }

    [Fact]
    public async Task ValueTaskMethods_AndRepeatedCalls_ReturnResults()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("vt");
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(i + 1, await grain.PingValue(i));
        }
    }

    [Fact]
    public async Task OneWayCall_ReturnsBeforeGrainRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("oneway");
        await grain.Notify("hello");
        await silo.Probe.WhenSignaled("notify:hello");
        Assert.Contains("notify:hello", silo.Probe.Log);
    }

    [Fact]
    public async Task GetGrain_KeyKindsAndIdsRoundTrip()
    {
        await using var silo = await TestSilo.StartAsync();
        var id = Guid.NewGuid();
        var guidGrain = silo.GrainFactory.GetGrain<IGuidGrain>(id);
        Assert.Equal(id, await guidGrain.Echo());
        Assert.Equal("guid-echo", guidGrain.GrainId.Type);

        var byId = silo.GrainFactory.GetGrain<IGuidGrain>(guidGrain.GrainId);
        Assert.Equal(id, await byId.Echo());
        Assert.Throws<ArgumentException>(() => silo.GrainFactory.GetGrain<ILifecycleGrain>(guidGrain.GrainId));
    }

    [Fact]
    public async Task CallFilters_SeeEveryCall()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddIncomingGrainCallFilter<RecordingIncomingFilter>().AddOutgoingGrainCallFilter<RecordingOutgoingFilter>());
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("filtered");

        Assert.Equal(11, await grain.Ping(10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("filtered failure"));

        var log = silo.Probe.Log;
        Assert.Contains("out:ILifecycleGrain.Ping(10)", log);
        Assert.Contains("in:lifecycle/filtered:Ping=11", log);
        Assert.Contains("out-result:11", log);
        Assert.Contains("in-failed:Throw:filtered failure", log);
    }

    [Fact]
    public async Task OneWayCall_ThroughFilters_RunsOnceAndLeavesLaterCallsIntact()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddOutgoingGrainCallFilter<RecordingOutgoingFilter>());
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("oneway-filtered");

        for (var i = 0; i < 100; i++)
        {
            await grain.Notify("n" + i);
            Assert.Equal(i + 1, await grain.Ping(i));
        }

        await silo.Probe.WhenSignaled("notify:n99");
        Assert.Equal(100, silo.Probe.Log.Count(e => e.StartsWith("notify:", StringComparison.Ordinal)));
        Assert.Contains("out:ILifecycleGrain.Notify(n0)", silo.Probe.Log);
    }

    [Fact]
    public async Task OutgoingFilterInvokingTwice_FailsThatCall_AndLeavesOthersIntact()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.AddOutgoingGrainCallFilter<RetryingOutgoingFilter>());
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>("retry");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("first attempt"));
        Assert.Contains("invoked", error.Message);
        Assert.Contains("ILifecycleGrain.Throw twice", error.Message);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(i + 1, await grain.Ping(i));
        }
    }

    public sealed class RetryingOutgoingFilter : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            try
            {
                await context.Invoke();
            }
            catch (InvalidOperationException) when (context.MethodName == "Throw")
            {
                await context.Invoke();
            }
        }
    }

    public sealed class RecordingIncomingFilter(TestProbe probe) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            try
            {
                await context.Invoke();
                probe.Record($"in:{context.TargetId}:{context.MethodName}={context.Result}");
            }
            catch (Exception e)
            {
                probe.Record($"in-failed:{context.MethodName}:{e.Message}");
                throw;
            }
        }
    }

    public sealed class RecordingOutgoingFilter(TestProbe probe) : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            probe.Record($"out:{context.InterfaceName.Split('.')[^1]}.{context.MethodName}({context.GetArgument(0)})");
            await context.Invoke();
            probe.Record($"out-result:{context.Result}");
        }
    }
}
