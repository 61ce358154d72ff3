using System.Diagnostics.Metrics;
using Harness.GrainInterfaces.Agents;
using Harness.GrainInterfaces.Chains;
using Harness.GrainInterfaces.Devices;
using Harness.Grains.Tests.Agents;
using Harness.Inference.Vision;
using Harness.Runtime.Hosting;
using Harness.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Harness.Grains.Tests.Chains.ChainTestSupport;

namespace Harness.Grains.Tests.Inference.Cpu;

/// <summary>Chains on the CPU transformer backend: shared weights per device, LRU eviction, vision, errors.</summary>
public sealed class CpuInferenceTests : IAsyncLifetime
{
    private readonly string _models = Directory.CreateTempSubdirectory("harness-cpu-models-").FullName;
    private GrainsTestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await CpuInferenceSilo.StartAsync(CpuInferenceSilo.Settings(
            _models, cpuMemoryMb: 9, ("shared-llm", "text"), ("model-a", "text"), ("model-b", "text"), ("model-c", "text"), ("eyes", "vision")));

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task TenAgentsOnOneModel_LoadItsWeightsOnce_AndShareThem()
    {
        using var loads = new LoadRecorder("shared-llm");
        var grains = _silo.GrainFactory;
        for (var i = 0; i < 10; i++)
        {
            var agent = grains.GetGrain<IAgentGrain>($"agent-{i}");
            await agent.RegisterVersion(new AgentDefinition { Name = $"agent-{i}", Version = "1", Model = "shared-llm" });
            await agent.SetOnline("1");
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => SubmitAsync(grains, $"ten-{i}", Llm("shared-llm", $"Agent {i} plans dinner."), agent: $"agent-{i}")));
        var ended = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => WaitForEndAsync(grains, $"ten-{i}")));

        Assert.All(ended, events => Assert.Equal(ChainEventKind.Succeeded, events[^1].Kind));
        var chains = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => grains.GetGrain<IChainGrain>($"ten-{i}").GetSnapshot()));
        Assert.All(chains, c => Assert.Equal(24, c.Tokens));
        Assert.Equal(1, loads.Count);
        var resident = Assert.Single((await Cpu().GetStatus()).ResidentModels, m => m.Model == "shared-llm");
        Assert.Equal((10L, 0), (resident.Uses, resident.Users));
        Assert.NotNull(resident.LoadTime);
        Assert.Equal(4, resident.SizeMb);
    }

    [Fact]
    public async Task NewModelWithoutRoom_EvictsTheLeastRecentlyUsedIdleModel()
    {
        // 9 MiB of CPU memory holds two 4 MiB models: A, B, then A again (B is now the least recently used), then C.
        using var loadsB = new LoadRecorder("model-b");
        var grains = _silo.GrainFactory;
        foreach (var (id, model) in new[] { ("lru-1", "model-a"), ("lru-2", "model-b"), ("lru-3", "model-a"), ("lru-4", "model-c") })
        {
            await SubmitAsync(grains, id, Llm(model, "Name a dish."));
            Assert.Equal(ChainEventKind.Succeeded, (await WaitForEndAsync(grains, id))[^1].Kind);
        }

        var status = await Cpu().GetStatus();
        Assert.Equal(["model-c", "model-a"], status.ResidentModels.Select(m => m.Model));
        Assert.Equal(1, status.FreeVramMb);

        // B comes back cold: its weights were freed, so it loads again (and evicts A, now the least recently used).
        await SubmitAsync(grains, "lru-5", Llm("model-b", "Name a dish."));
        Assert.Equal(ChainEventKind.Succeeded, (await WaitForEndAsync(grains, "lru-5"))[^1].Kind);
        Assert.Equal(2, loadsB.Count);
        Assert.Equal(["model-b", "model-c"], (await Cpu().GetStatus()).ResidentModels.Select(m => m.Model));
    }

    [Fact]
    public async Task VisionNode_ReadsAnInlineImage_AndTheSameImageGivesTheSameText()
    {
        var grains = _silo.GrainFactory;
        var image = "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(new RgbImage(4, 4, [.. Enumerable.Range(0, 48).Select(i => (byte)(i * 5))])));
        var chain = $$"""
            name: look
            inputs: [photo]
            nodes:
              - { id: see, type: vlm, model: eyes, prompt: "What is in the fridge?", image: "{{"{{inputs.photo}}"}}" }
            """;

        await SubmitAsync(grains, "look-1", chain, new Dictionary<string, string> { ["photo"] = image });
        await SubmitAsync(grains, "look-2", chain, new Dictionary<string, string> { ["photo"] = image });
        await WaitForEndAsync(grains, "look-1");
        await WaitForEndAsync(grains, "look-2");
        var first = await grains.GetGrain<IChainGrain>("look-1").GetSnapshot();

        Assert.Equal(ChainStatus.Succeeded, first.Status);
        Assert.Equal(24, first.Tokens);
        Assert.False(string.IsNullOrEmpty(first.Result));
    }

    [Fact]
    public async Task ImageForATextModel_FailsTheNode_SayingNoVisionBackendServesIt()
    {
        var grains = _silo.GrainFactory;
        var image = "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(new RgbImage(2, 2, new byte[12])));
        await SubmitAsync(grains, "blind", $$"""
            name: blind
            nodes:
              - { id: see, type: vlm, model: shared-llm, prompt: "What is this?", image: "{{image}}" }
            """);

        await WaitForEndAsync(grains, "blind");
        var chain = await grains.GetGrain<IChainGrain>("blind").GetSnapshot();
        Assert.Equal(ChainStatus.Failed, chain.Status);
        Assert.Contains("no vision-capable backend serves it", chain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelWhoseWeightsDoNotLoad_FailsTheNodeWithTheReason_AndIsNotLeftResident()
    {
        // A model folder that looks whole (config and weights file) but lacks a tensor: found at load, not at start.
        var broken = Path.Combine(_models, "model-b");
        var tensors = Harness.Inference.Models.TinyModelGenerator.CreateTensors(Harness.Inference.Models.TinyModels.Text())
            .Where(t => t.Name != "model.norm.weight")
            .ToList();
        Harness.Inference.Models.SafetensorsWriter.Write(Path.Combine(broken, "model.safetensors"), tensors);
        var grains = _silo.GrainFactory;

        await SubmitAsync(grains, "broken", Llm("model-b", "Hello"));
        await WaitForEndAsync(grains, "broken");
        var chain = await grains.GetGrain<IChainGrain>("broken").GetSnapshot();

        Assert.Equal(ChainStatus.Failed, chain.Status);
        Assert.Contains("Tensor model.norm.weight is in none of the model's weight files", chain.Error, StringComparison.Ordinal);
        var status = await Cpu().GetStatus();
        Assert.Empty(status.ResidentModels);
        Assert.Equal(9, status.FreeVramMb);
    }

    [Fact]
    public async Task UnknownModel_FailsTheNode_NamingTheModelsServed()
    {
        var grains = _silo.GrainFactory;
        await SubmitAsync(grains, "unknown", Llm("gpt-9", "Hello"));

        await WaitForEndAsync(grains, "unknown");
        var chain = await grains.GetGrain<IChainGrain>("unknown").GetSnapshot();
        Assert.Equal(ChainStatus.Failed, chain.Status);
        Assert.Contains("Model 'gpt-9' is not served on device 'cpu': the CPU backend serves 'eyes', 'model-a'", chain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceGauges_ReportMemoryInUse_AndUtilisationWhileGenerating()
    {
        var grains = _silo.GrainFactory;
        await SubmitAsync(grains, "gauged", Llm("model-a", "Name a dish."));
        await WaitForEndAsync(grains, "gauged");

        // This silo's meter: the factory hands back the instance the silo created.
        var meter = _silo.Services.GetRequiredService<IMeterFactory>().Create("Harness.Devices");
        var readings = new Dictionary<string, double>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            {
                if (tags.ToArray().Contains(new KeyValuePair<string, object?>("device", "cpu")))
                {
                    readings[instrument.Name] = value;
                }
            }

            listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
            listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Equal(9.0 * 1024 * 1024, readings["harness.device.memory.total"]);
        Assert.Equal(4.0 * 1024 * 1024, readings["harness.device.memory.used"]);
        Assert.InRange(readings["harness.device.utilization"], double.Epsilon, 1);
    }

    private static string Llm(string model, string prompt) => $$"""
        name: ask
        nodes:
          - { id: answer, type: llm, model: {{model}}, prompt: "{{prompt}}" }
        """;

    private IDeviceGrain Cpu() =>
        _silo.GrainFactory.GetGrain<IDeviceGrain>(DeviceGrainKeys.For(_silo.Services.GetRequiredService<ISiloStatus>().Address, "cpu"));

    /// <summary>Counts loads of one model through the product's own meter (the model names are unique to each test).</summary>
    private sealed class LoadRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public LoadRecorder(string model)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Harness.Inference" && instrument.Name == "harness.inference.model.load_time")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "model" && Equals(tag.Value, model))
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
