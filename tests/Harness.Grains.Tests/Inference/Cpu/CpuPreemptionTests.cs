using System.Globalization;
using System.Text.RegularExpressions;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.GrainInterfaces.Inference;
using Harness.Grains.Tests.Agents;
using Harness.Inference.Models;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Grains.Tests.Chains.ChainTestSupport;

namespace Harness.Grains.Tests.Inference.Cpu;

/// <summary>
/// Soft preemption of a generation on the real CPU transformer: the preempted background chain saves its tokens (and
/// their ids), resumes by reading the prompt and those tokens again, and ends with exactly the text of an
/// uninterrupted run with the same seed.
/// </summary>
public sealed partial class CpuPreemptionTests : IAsyncLifetime
{
    private const int MaxTokens = 600;
    private readonly string _models = Directory.CreateTempSubdirectory("harness-cpu-preempt-").FullName;
    private Dictionary<string, string?> _settings = null!;
    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        // Bigger than the demo model (about 56 MB, a few ms a token), so a generation of 600 tokens lasts long enough
        // to be preempted in the middle; with weights seed 1 the background chain's generation runs all 600 tokens
        // without producing the end-of-sequence token.
        TinyModelGenerator.Write(Path.Combine(_models, "slow-llm"), TinyModels.Text(seed: 1) with { HiddenSize = 384, IntermediateSize = 1056, Layers = 8, Heads = 6, KeyValueHeads = 2 });
        _settings = new Dictionary<string, string?>
        {
            ["Harness:Devices:UseNvml"] = "false",
            ["Harness:Devices:CpuMemoryMb"] = "4096",
            ["Harness:Devices:Declared:0:Id"] = "gpu0",
            ["Harness:Devices:Declared:0:Kind"] = "gpu",
            ["Harness:Devices:Declared:0:VramMb"] = "1000",
            ["Harness:Inference:Cpu:ModelsPath"] = _models,
            ["Harness:Chains:MaxTokens"] = MaxTokens.ToString(CultureInfo.InvariantCulture),
        };
        _silo = await CpuInferenceSilo.StartAsync(_settings);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task PreemptedGeneration_ResumesFromItsSavedTokens_ToTheTextOfAnUninterruptedRun()
    {
        var grains = _silo.GrainFactory;
        var device = grains.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(_silo.Services.GetRequiredService<ISiloStatus>().Address, "gpu0"));

        await SubmitAsync(grains, "low", Chain("background"));

        // Once the background generation has tokens to save (of its 600), the realtime chain comes for its memory.
        var execution = grains.GetGrain<IInferenceGrain>(InferenceGrainKeys.For("gpu", 800, "slow-llm", "low/write/1.1"));
        await WaitUntilAsync(async () => (await execution.GetProgress()).GeneratedTokens >= 10);
        await SubmitAsync(grains, "high", Chain("realtime"));

        var highEvents = await WaitForEndAsync(grains, "high");
        var lowEvents = await WaitForEndAsync(grains, "low");
        var low = await grains.GetGrain<IChainGrain>("low").GetSnapshot();

        Assert.Equal(ChainEventKind.Succeeded, highEvents[^1].Kind);
        Assert.Equal(ChainStatus.Succeeded, low.Status);
        var preempted = Assert.Single(lowEvents, e => e.Kind == ChainEventKind.NodePreempted);
        var saved = int.Parse(SavedTokens().Match(preempted.Detail!).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(highEvents[^1].Timestamp < lowEvents[^1].Timestamp);

        await using var reference = await CpuInferenceSilo.StartAsync(_settings);
        await SubmitAsync(reference.GrainFactory, "low", Chain("background"));
        await WaitForEndAsync(reference.GrainFactory, "low");
        var uninterrupted = await reference.GrainFactory.GetGrain<IChainGrain>("low").GetSnapshot();

        Assert.Equal(0, uninterrupted.Wasted.Preemptions);
        Assert.Equal(uninterrupted.Result, low.Result);

        // Nothing generated twice: the tokens saved and those generated after the resumption add up to the whole.
        Assert.Equal((MaxTokens, MaxTokens), (uninterrupted.Tokens, low.Tokens));
        Assert.InRange(saved, 1, MaxTokens - 1);
        Assert.Empty((await device.GetStatus()).Leases);
    }

    private static string Chain(string qos) => $$"""
        name: generate-{{qos}}
        qos: {{qos}}
        nodes:
          - id: write
            type: llm
            model: slow-llm
            prompt: "Write a recipe for tomato soup."
            resources: { device: gpu, vramMb: 800 }
        """;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Harness.Grains.Tests.Chains.ChainTestSupport.Timeout);
        while (!await condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [GeneratedRegex(@"^(\d+) tokens saved")]
    private static partial Regex SavedTokens();
}
