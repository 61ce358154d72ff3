using Harness.Runtime.Hosting;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Xunit;

namespace Harness.Runtime.Tests.Timers;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_TicksEveryPeriod()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("ticks");
        await grain.StartTimer(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.WhenSignaled("ticks:tick:1");
        time.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.WhenSignaled("ticks:tick:2");

        Assert.Equal(["tick:1", "tick:2"], await grain.GetLog());
    }

    [Fact]
    public async Task TimerTick_WaitsForRunningRequest()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("turns");
        await grain.StartTimer(TimeSpan.FromSeconds(5));

        var blocked = grain.Block("g");
        await silo.Probe.WhenSignaled("blocked:g");
        time.Advance(TimeSpan.FromSeconds(5));

        // The tick is queued behind the blocked request; the interleaving read runs first.
        Assert.Equal(["block-start"], await grain.GetLog());
        silo.Probe.Open("g");
        await blocked;
        await silo.Probe.WhenSignaled("turns:tick:1");
        Assert.Equal(["block-start", "block-end", "tick:1"], await grain.GetLog());
    }

    [Fact]
    public async Task TimerTick_QueuedWhenGrainDeactivates_IsDroppedNotForwarded()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time);
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("dropped");
        await grain.StartTimer(TimeSpan.FromSeconds(5));

        // A tick queues behind a blocked request; the grain then asks to be deactivated.
        var blocked = grain.Block("d");
        await silo.Probe.WhenSignaled("blocked:d");
        time.Advance(TimeSpan.FromSeconds(5));
        await grain.RequestDeactivation();
        silo.Probe.Open("d");
        await blocked;
        await silo.Probe.WhenSignaled("timer-deactivated:dropped");

        // Calls to the next activation run after anything forwarded to it.
        Assert.Empty(await grain.GetLog());
        Assert.Empty(await grain.GetLog());
        Assert.DoesNotContain(silo.Probe.Log, e => e.StartsWith("timer-tick:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimerTicks_DoNotPassIncomingFilters()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(timeProvider: time, configure: s => s.AddIncomingGrainCallFilter<Messaging.CallTests.RecordingIncomingFilter>());
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("unfiltered");
        await grain.StartTimer(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.WhenSignaled("unfiltered:tick:1");
        time.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.WhenSignaled("unfiltered:tick:2");

        Assert.DoesNotContain(silo.Probe.Log, e => e.Contains(":Tick", StringComparison.Ordinal));
        Assert.Contains(silo.Probe.Log, e => e.StartsWith("in:timer/unfiltered:StartTimer", StringComparison.Ordinal));
    }
}
