using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.Grains.Tests.Agents;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Grains.Tests.Chains.ChainTestSupport;

namespace Harness.Grains.Tests.Chains;

/// <summary>Soft preemption end to end: device grain signal, inference grain release, chain checkpoint, resumption.</summary>
public sealed class ChainPreemptionTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Harness:Devices:UseNvml"] = "false",
        ["Harness:Devices:CpuMemoryMb"] = "4096",
        ["Harness:Devices:Declared:0:Id"] = "gpu0",
        ["Harness:Devices:Declared:0:Kind"] = "gpu",
        ["Harness:Devices:Declared:0:VramMb"] = "1000",
        ["Harness:Inference:Deterministic:TokenDelay"] = "00:00:00.010",
        ["Harness:Chains:MaxTokens"] = "60",
    };

    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainsTestSilo.StartAsync(configuration: Settings);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static string Chain(string qos) => $$"""
        name: generate-{{qos}}
        qos: {{qos}}
        nodes:
          - id: write
            type: llm
            model: tiny-llm
            prompt: "Write a recipe."
            resources: { device: gpu, vramMb: 800 }
        """;

    [Fact]
    public async Task BackgroundChainHoldingTheOnlyDevice_IsPreemptedByARealtimeChain_AndResumesToTheSameResult()
    {
        var grains = _silo.GrainFactory;
        var device = grains.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(Local(), "gpu0"));

        await SubmitAsync(grains, "low", Chain("background"));
        await WaitUntilAsync(async () => (await device.GetStatus()).Leases.Count == 1);
        await Task.Delay(100);
        await SubmitAsync(grains, "high", Chain("realtime"));

        var highEvents = await WaitForEndAsync(grains, "high");
        var lowEvents = await WaitForEndAsync(grains, "low");
        var low = await grains.GetGrain<IChainGrain>("low").GetSnapshot();
        var high = await grains.GetGrain<IChainGrain>("high").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, high.Status);
        Assert.Equal(ChainStatus.Succeeded, low.Status);
        var preempted = Assert.Single(lowEvents, e => e.Kind == ChainEventKind.NodePreempted);
        Assert.Contains("tokens saved", preempted.Detail, StringComparison.Ordinal);
        Assert.Equal(1, low.Wasted.Preemptions);
        Assert.Equal(2, low.Nodes[0].Attempts);
        Assert.DoesNotContain(highEvents, e => e.Kind == ChainEventKind.NodePreempted);

        // The realtime chain finished first: it ran while the background one waited for the device.
        Assert.True(highEvents[^1].Timestamp < lowEvents[^1].Timestamp);

        // Same result as an uninterrupted run of the same chain (same id, so the same seed) on another silo.
        await using var reference = await GrainsTestSilo.StartAsync(configuration: Settings);
        await SubmitAsync(reference.GrainFactory, "low", Chain("background"));
        await WaitForEndAsync(reference.GrainFactory, "low");
        var uninterrupted = await reference.GrainFactory.GetGrain<IChainGrain>("low").GetSnapshot();
        Assert.Equal(0, uninterrupted.Wasted.Preemptions);
        Assert.Equal(uninterrupted.Result, low.Result);
        Assert.Equal(60, low.Tokens);
        Assert.Empty((await device.GetStatus()).Leases);
    }

    [Fact]
    public async Task RealtimeRequestThatFitsBesideTheBackgroundLease_PreemptsNothing()
    {
        var grains = _silo.GrainFactory;
        var device = grains.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(Local(), "gpu0"));
        var small = Chain("background").Replace("vramMb: 800", "vramMb: 100", StringComparison.Ordinal);

        await SubmitAsync(grains, "low-small", small);
        await WaitUntilAsync(async () => (await device.GetStatus()).Leases.Count == 1);
        await SubmitAsync(grains, "high-fits", Chain("realtime"));

        await WaitForEndAsync(grains, "high-fits");
        var lowEvents = await WaitForEndAsync(grains, "low-small");
        Assert.DoesNotContain(lowEvents, e => e.Kind == ChainEventKind.NodePreempted);
    }

    private SiloAddress Local() => _silo.Services.GetRequiredService<ISiloStatus>().Address;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(ChainTestSupport.Timeout);
        while (!await condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
