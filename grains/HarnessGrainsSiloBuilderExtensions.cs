using Harness.Grains.Chains;
using Harness.Grains.Devices;
using Harness.Grains.Inference;
using Harness.Grains.Placement;
using Harness.Runtime.Hosting;

namespace Harness.Grains;

/// <summary>Adds the product's grains to a silo.</summary>
public static class HarnessGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Hosts the grain classes of Orleans.Harness (and their interfaces), the silo's devices, inference (devices with an
    /// endpoint through their OpenAI-compatible server; others through the in-process backend: deterministic unless
    /// <c>AddCpuInference</c> adds the CPU transformer) and device-aware placement.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddHarnessGrains(this ISiloBuilder builder) =>
        builder.AddGrainAssembly(typeof(HarnessGrainsSiloBuilderExtensions).Assembly)
            .AddHarnessDevices()
            .AddHarnessChains()
            .AddHarnessInference()
            .AddSiloBoundPlacement()
            .AddGpuAwarePlacement();
}
