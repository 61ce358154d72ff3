using Harness.GrainInterfaces.Chains;
using Harness.Grains.Inference.Cpu;
using Harness.Grains.Tests.Agents;
using Xunit;
using static Harness.Grains.Tests.Chains.ChainTestSupport;

namespace Harness.Grains.Tests.Inference.OpenAi;

/// <summary>
/// A device declared with an inference endpoint: a chain's llm node placed on it is served by that device's
/// OpenAI-compatible server (here a real HTTP server in the test), even on a silo whose other devices run the CPU
/// transformer.
/// </summary>
public sealed class EndpointDeviceChainTests
{
    [Fact]
    public async Task LlmNodeOnADeviceWithAnEndpoint_IsServedByItsServer_WithTheChainsClassAsPriority()
    {
        await using var server = await OpenAiTestServer.StartAsync((context, _) => OpenAiTestServer.StreamAsync(context, ["Tomato", " soup", " tonight"]));
        var models = Directory.CreateTempSubdirectory("harness-endpoint-").FullName;
        try
        {
            await using var silo = await GrainsTestSilo.StartAsync(
                configuration: new Dictionary<string, string?>
                {
                    ["Harness:Devices:UseNvml"] = "false",
                    ["Harness:Devices:Declared:0:Id"] = "gpu0",
                    ["Harness:Devices:Declared:0:Kind"] = "gpu",
                    ["Harness:Devices:Declared:0:VramMb"] = "80000",
                    ["Harness:Devices:Declared:0:Endpoint"] = server.BaseUri.ToString(),
                    ["Harness:Inference:OpenAi:PriorityScheduling"] = "true",
                    ["Harness:Inference:Cpu:ModelsPath"] = models,
                },
                configure: s => s.AddCpuInference());

            await SubmitAsync(silo.GrainFactory, "remote", """
                name: remote
                qos: background
                nodes:
                  - { id: dinner, type: llm, model: llama-3-70b, prompt: "What is for dinner?", resources: { device: gpu, vramMb: 40000 } }
                """);
            await WaitForEndAsync(silo.GrainFactory, "remote");
            var chain = await silo.GrainFactory.GetGrain<IChainGrain>("remote").GetSnapshot();

            Assert.True(chain.Status == ChainStatus.Succeeded, chain.Error);
            Assert.Equal("\"Tomato soup tonight\"", chain.Result);
            Assert.Equal(("gpu0", 3L), (chain.Nodes[0].Device, chain.Tokens));
            var request = Assert.Single(server.Requests).Body;
            Assert.Equal("llama-3-70b", request.GetProperty("model").GetString());
            Assert.Equal("What is for dinner?", request.GetProperty("messages")[0].GetProperty("content").GetString());
            Assert.Equal(2, request.GetProperty("priority").GetInt32());
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }
}
