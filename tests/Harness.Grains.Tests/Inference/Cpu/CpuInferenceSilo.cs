using Harness.Grains.Inference.Cpu;
using Harness.Grains.Tests.Agents;

namespace Harness.Grains.Tests.Inference.Cpu;

/// <summary>A test silo whose inference runs on the CPU transformer, with models generated into a temporary folder.</summary>
internal static class CpuInferenceSilo
{
    /// <summary>Settings: no NVML, a CPU budget, a models folder with generated demo models under the given names.</summary>
    public static Dictionary<string, string?> Settings(string modelsPath, long cpuMemoryMb, params (string Name, string Kind)[] models)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Harness:Devices:UseNvml"] = "false",
            ["Harness:Devices:CpuMemoryMb"] = cpuMemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Harness:Inference:Cpu:ModelsPath"] = modelsPath,
            ["Harness:Inference:Cpu:MaxContextTokens"] = "1024",
            ["Harness:Chains:MaxTokens"] = "24",
        };
        for (var i = 0; i < models.Length; i++)
        {
            settings[$"Harness:Inference:Cpu:Models:{i}:Name"] = models[i].Name;
            settings[$"Harness:Inference:Cpu:Models:{i}:Generate"] = models[i].Kind;
            settings[$"Harness:Inference:Cpu:Models:{i}:Seed"] = (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public static Task<GrainsTestSilo> StartAsync(Dictionary<string, string?> settings) =>
        GrainsTestSilo.StartAsync(configuration: settings, configure: silo => silo.AddCpuInference());
}
